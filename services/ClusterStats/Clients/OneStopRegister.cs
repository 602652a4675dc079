using Grpc.Core;
using Polly.CircuitBreaker;
using SmePlatform.Application;
using SmePlatform.ClusterStats.Domain.Register;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.ServiceDefaults.Grpc;
using DirectoryClient = SmePlatform.Contracts.OneStop.V1.EnterpriseDirectory.EnterpriseDirectoryClient;

namespace SmePlatform.ClusterStats.Clients;

/// <summary>
/// One page of the register as the projection's changes (each enterprise's state as of the read), how many
/// enterprises it held, and the token of the next page (empty on the last page).
/// </summary>
public sealed record RegisterPage(IReadOnlyList<RegisterChange> Changes, int Enterprises, string NextPageToken);

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

    /// <summary>
    /// One page; its changes are stamped <paramref name="readAt"/> (taken before the call), so an event the register
    /// published after the read still wins over what the read saw.
    /// </summary>
    public async Task<Outcome<RegisterPage>> ReadPageAsync(string pageToken, string authorization, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        var headers = new Metadata { { "authorization", authorization } };
        try
        {
            using var call = directory.ListEnterprises(new ListEnterprisesRequest { PageSize = PageSize, PageToken = pageToken },
                headers, DateTime.UtcNow + CallDeadline, cancellationToken);
            var changes = new List<RegisterChange>();
            var enterprises = 0;
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                changes.AddRange(Changes(call.ResponseStream.Current, readAt));
                enterprises++;
            }

            return new RegisterPage(changes, enterprises, call.GetTrailers().GetValue("next-page-token") ?? string.Empty);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused(exception);
        }
    }

    /// <summary>
    /// An entry as of the read: its attributes (the stream carries neither category, legal form nor ownership, so
    /// those stay as the events set them), its size class when classified, and its leaving when no longer active.
    /// </summary>
    public static IEnumerable<RegisterChange> Changes(Enterprise entry, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var id = Guid.Parse(entry.Id);
        yield return new AttributesObserved(id, readAt, 0, entry.Ward, entry.IndustryCode, entry.Employees, ToDecimal(entry.AnnualRevenue),
            entry.RegisteredAt?.ToDateTimeOffset());
        if (entry.SizeRuleSetId.Length > 0)
        {
            yield return new SizeClassObserved(id, readAt, entry.SizeClass.Length == 0 ? null : entry.SizeClass);
        }

        if (entry.Status is EnterpriseStatus.Deactivated or EnterpriseStatus.Merged)
        {
            var reason = entry.DeactivationReason.Length > 0 ? entry.DeactivationReason : entry.Status == EnterpriseStatus.Merged ? "merger" : "closure";
            yield return new EnterpriseLeft(id, readAt, reason, Guid.TryParse(entry.MergedIntoId, out var survivor) ? survivor : null);
        }
    }

    private static decimal ToDecimal(DecimalValue? value) => value is null ? 0m : value.Units + (value.Nanos / 1_000_000_000m);

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
