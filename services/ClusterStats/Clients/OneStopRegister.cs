using Grpc.Core;
using Polly.CircuitBreaker;
using SmePlatform.Application;
using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.ServiceDefaults.Grpc;
using DirectoryClient = SmePlatform.Contracts.OneStop.V1.EnterpriseDirectory.EnterpriseDirectoryClient;

namespace SmePlatform.ClusterStats.Clients;

/// <summary>One page of the register and the token of the next (empty on the last page).</summary>
public sealed record RegisterPage(IReadOnlyList<RegisteredEnterprise> Enterprises, string NextPageToken);

/// <summary>
/// OneStop's register (smeplatform.onestop.v1.EnterpriseDirectory) as this service reads it: page by page, with the
/// caller's own token, so OneStop decides what the caller may read. OneStop away or failing is a refusal the caller
/// can act on (try later), never an exception of ours.
/// </summary>
public sealed class OneStopRegister(DirectoryClient directory, GrpcCircuit<DirectoryClient> circuit)
{
    /// <summary>Where OneStop's gRPC port is; the ports convention's address when unset.</summary>
    public const string AddressKey = "Services:onestop:GrpcUrl";

    public const string DefaultAddress = "http://127.0.0.1:5201";

    /// <summary>Enterprises per ListEnterprises call; each call has its own deadline, so the register's size does not matter.</summary>
    public const int PageSize = 5_000;

    /// <summary>Deadline of each ListEnterprises call.</summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);

    public async Task<Outcome<RegisterPage>> ReadPageAsync(string pageToken, string authorization, CancellationToken cancellationToken)
    {
        var headers = new Metadata { { "authorization", authorization } };
        try
        {
            using var call = directory.ListEnterprises(new ListEnterprisesRequest { PageSize = PageSize, PageToken = pageToken },
                headers, DateTime.UtcNow + CallDeadline, cancellationToken);
            var enterprises = new List<RegisteredEnterprise>();
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                var entry = call.ResponseStream.Current;
                enterprises.Add(RegisteredEnterprise.From(Guid.Parse(entry.Id), entry.Ward, entry.IndustryCode, entry.RegisteredAt.ToDateTimeOffset()));
            }

            return new RegisterPage(enterprises, call.GetTrailers().GetValue("next-page-token") ?? string.Empty);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused(exception);
        }
    }

    /// <summary>Unavailable is 503 (try later), a missed deadline 504, anything else 502; with the breaker's state.</summary>
    private Refusal Refused(RpcException exception)
    {
        var circuitOpen = circuit.State is CircuitState.Open or CircuitState.Isolated;
        var refusal = exception.StatusCode switch
        {
            StatusCode.Unavailable => new Refusal("upstream-unavailable", RefusalKind.Unavailable, "The enterprise register (OneStop) is unavailable."),
            StatusCode.DeadlineExceeded => new Refusal("upstream-timeout", RefusalKind.UpstreamTimeout, "The enterprise register (OneStop) did not answer in time."),
            _ => new Refusal("upstream-error", RefusalKind.UpstreamFailed, "The enterprise register (OneStop) failed the request."),
        };
        var detail = circuitOpen
            ? $"Calls to OneStop are suspended after repeated failures (circuit open); they resume by themselves within {circuit.BreakDuration.TotalSeconds:0} s."
            : $"OneStop answered {exception.StatusCode}: {exception.Status.Detail}";
        return (refusal with { Detail = detail })
            .With("grpcStatus", exception.StatusCode.ToString())
            .With("circuit", circuitOpen ? "open" : circuit.State.ToString().ToLowerInvariant());
    }
}
