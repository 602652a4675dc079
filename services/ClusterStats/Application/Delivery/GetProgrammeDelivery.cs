using System.Globalization;
using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.ClusterStats.Application.Figures;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.ClusterStats.Domain.Delivery;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.ClusterStats.Application.Delivery;

/// <param name="From">The first day counted (yyyy-MM-dd, the city's calendar).</param>
/// <param name="To">The last day counted, inclusive.</param>
/// <param name="By">ward (the default), industry (the register's section) or cluster (the versions in force on <paramref name="To"/>).</param>
public sealed record GetProgrammeDeliveryRequest(string? From, string? To, string? By);

/// <summary>
/// What the programme delivered between two days, each figure by group with the city total (<c>_T</c>) and the events
/// it was counted from; <see cref="ClusterDefinitions"/> names the cluster versions used when grouped by cluster.
/// </summary>
public sealed record ProgrammeDeliveryView(
    DateOnly From,
    DateOnly To,
    string By,
    string Reference,
    int DisclosureRulesVersion,
    IReadOnlyList<ClusterVersionUsed>? ClusterDefinitions,
    IReadOnlyList<DeliveryFigureTable> Figures);

/// <summary>The programme's delivery from the other services' events, under disclosure control.</summary>
public sealed class GetProgrammeDeliveryHandler(DeliveryStore store, ClusterStore clusters, DisclosureRulesStore disclosureRules)
{
    public const string Title = "The programme delivery cannot be given as asked.";
    public static readonly IReadOnlyList<string> Groupings = ["ward", "industry", "cluster"];

    public async Task<Outcome<ProgrammeDeliveryView>> HandleAsync(GetProgrammeDeliveryRequest request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var by = request.By ?? "ward";
        var errors = new FieldErrors().AddIf(!Groupings.Contains(by), "by", "by is one of ward, industry, cluster.");
        var from = Day(request.From, "from", errors);
        var to = Day(request.To, "to", errors);
        errors.AddIf(from is not null && to is not null && to < from, "to", "to is the last day counted: on or after from.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var grouping = Enum.Parse<DeliveryGrouping>(by, ignoreCase: true);
        // A cluster groups the whole period by its version in force on the last day, as growth does: the figures then
        // describe one set of enterprises, not a redefinition.
        var inForce = grouping == DeliveryGrouping.Cluster
            ? (await clusters.AllAsync(null, cancellationToken)).GroupBy(v => v.ClusterId).Select(g => ClusterDefinition.InForce(g, to!.Value))
                .OfType<ClusterDefinition>().OrderBy(c => c.ClusterId, StringComparer.Ordinal).ToArray()
            : [];
        var rules = await disclosureRules.CurrentAsync(cancellationToken);
        var (sources, events) = await store.ReadAsync(SnapshotPeriods.EndOf(from!.Value.AddDays(-1)).ToUniversalTime(),
            SnapshotPeriods.EndOf(to!.Value).ToUniversalTime(), grouping,
            inForce, cancellationToken);
        var figures = DeliveryTable.Compute(sources, events, rules);
        if (!caller.IsInRole(Roles.SmeOffice))
        {
            // How many enterprises stand behind a cell is the SME Office's to see; other staff read the aggregate alone.
            figures = [.. figures.Select(f => f with { Total = f.Total with { Enterprises = null }, Cells = [.. f.Cells.Select(c => c with { Enterprises = null })] })];
        }

        return new ProgrammeDeliveryView(from.Value, to.Value, by, by switch
        {
            "cluster" => "clusters in force on the last day (an enterprise may be in several); _T is the city",
            "industry" => "the register's industry section of the enterprise today; _U unknown; _T is the city",
            _ => "the ward the event names, else the register's; _U unknown; _T is the city",
        }, rules.Version, grouping == DeliveryGrouping.Cluster ? [.. inForce.Select(Specialisation.Used)] : null, figures);
    }

    private static DateOnly? Day(string? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, $"{field} is required: a day, yyyy-MM-dd (e.g. 2026-01-01).");
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(field, $"{field} is a day, yyyy-MM-dd (e.g. 2026-01-01).");
        return null;
    }
}
