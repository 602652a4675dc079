using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.ServiceDefaults;
using Yarp.ReverseProxy.Forwarder;

namespace SmePlatform.Gateway;

/// <summary>What the gateway can say about a request a service did not answer.</summary>
public sealed record DownstreamFailure(int Status, string Code, string Title, bool MayHaveBeenApplied);

/// <summary>
/// When a service behind the gateway is away, crashes mid-request or is too slow, YARP answers 502/503/504 with no
/// body. A client then cannot tell whether its write was stored. This middleware writes a problem that says so:
/// whether the request may have been applied (a write that reached the service before it failed), and that a retry
/// with the same Idempotency-Key is safe, because the service answers a repeated key with its first answer.
/// </summary>
public static class DownstreamFailures
{
    public const string MayHaveBeenAppliedKey = "mayHaveBeenApplied";
    private const int RetryAfterSeconds = 2;

    /// <summary>The proxy's own steps (affinity, load balancing, passive health), then the typed answer on a failure.</summary>
    public static void UseGatewayPipeline(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
        proxy.Use(async (context, next) =>
        {
            await next();
            // Only the service's failures: an error of the caller's own request (a body over the limit, a client that
            // went away) keeps the status YARP gave it (413, 400) and the problem the platform writes for it.
            if (context.GetForwarderErrorFeature() is { } error && !context.Response.HasStarted && !IsGrpc(context.Request)
                && context.Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable
                    or StatusCodes.Status504GatewayTimeout
                && error.Error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.NoAvailableDestinations
                    or ForwarderError.RequestCreation or ForwarderError.RequestBodyDestination or ForwarderError.ResponseHeaders)
            {
                await WriteAsync(context, Classify(error.Error, error.Exception, context.Request.Method));
            }
        });
    }

    /// <summary>
    /// A request was certainly not applied when the service was never reached (no destination, the connection refused
    /// or reset before sending, the request not even built) or when it is a read. Otherwise it may have been.
    /// </summary>
    public static DownstreamFailure Classify(ForwarderError error, Exception? exception, string method)
    {
        var unreached = error is ForwarderError.NoAvailableDestinations or ForwarderError.RequestCreation
            || (error == ForwarderError.Request && NeverConnected(exception));
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
        return error switch
        {
            ForwarderError.RequestTimedOut => new(StatusCodes.Status504GatewayTimeout, "downstream-timeout",
                "The service did not answer in time.", !safe),
            _ when unreached => new(StatusCodes.Status503ServiceUnavailable, "downstream-unavailable",
                "The service is not reachable right now.", false),
            _ => new(StatusCodes.Status502BadGateway, "downstream-failed", "The service failed while answering this request.", !safe),
        };
    }

    private static bool NeverConnected(Exception? exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
                || inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }

        return false;
    }

    private static async Task WriteAsync(HttpContext context, DownstreamFailure failure)
    {
        var hasKey = context.Request.Headers.ContainsKey("Idempotency-Key");
        var detail = failure.MayHaveBeenApplied
            ? hasKey
                ? "The request may have been applied before the service failed. Retry it with the same Idempotency-Key: if it was applied, you get its first answer; if not, it is applied once."
                : "The request may have been applied before the service failed. Read the resource before retrying; send writes with an Idempotency-Key so that a retry is always safe."
            : "The request was not applied. Retry it in a few seconds" + (hasKey ? " (with the same Idempotency-Key)." : ".");
        var problem = new ProblemDetails
        {
            Status = failure.Status,
            Type = ProblemDetailsDefaults.TypeBase + failure.Code,
            Title = failure.Title,
            Detail = detail,
            Extensions = { ["code"] = failure.Code, [MayHaveBeenAppliedKey] = failure.MayHaveBeenApplied },
        };
        context.Response.StatusCode = failure.Status;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
