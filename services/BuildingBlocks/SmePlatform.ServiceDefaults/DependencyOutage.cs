using System.Data.Common;
using System.Net.Sockets;

namespace SmePlatform.ServiceDefaults;

/// <summary>
/// An exception that means a dependency (the database) is away or overloaded, not that our code is wrong: the
/// request was not done and can be retried. Such failures answer 503 with Retry-After over HTTP and UNAVAILABLE over
/// gRPC, and log one line (the readiness check already reports the outage), never a stack trace.
/// </summary>
public static class DependencyOutage
{
    /// <summary>Seconds a client should wait before retrying (the database usually restarts or fails over in seconds).</summary>
    public const int RetryAfterSeconds = 5;

    public const string Code = "dependency-unavailable";

    public const string Title = "The service cannot reach its database right now.";

    public const string Detail =
        "Nothing was stored. Retry in a few seconds; a write sent with an Idempotency-Key can be retried with the same key.";

    /// <summary>True for a transient database failure (Npgsql marks connection failures, shutdowns and pool timeouts as transient).</summary>
    public static bool Is(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException { IsTransient: true } || inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The message of the innermost exception: "Connection refused", "terminating connection due to administrator command".</summary>
    public static string Reason(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }
}
