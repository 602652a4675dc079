using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Assessment;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Application.Diagnoses;

/// <param name="Id">The later diagnosis.</param>
/// <param name="With">The earlier diagnosis of the same enterprise; the one just before when absent.</param>
public sealed record CompareDiagnosesRequest(Guid Id, Guid? With);

public sealed record DiagnosisPoint(Guid Id, int Number, DiagnosisKind Kind, int FiscalYear, DateTimeOffset CreatedAt);

public sealed record HistoryPoint(int Number, int FiscalYear, decimal? Value, int? Score);

/// <summary>One indicator over every diagnosis of the enterprise up to the later one, oldest first.</summary>
public sealed record IndicatorHistory(string Code, IReadOnlyList<HistoryPoint> Points);

/// <summary>
/// What changed between two diagnoses of one enterprise: rank, scaled total, assessment band and items, every
/// indicator with its trend; and the trend of each indicator over all its diagnoses.
/// </summary>
public sealed record DiagnosisComparison(Guid EnterpriseId, DiagnosisPoint Previous, DiagnosisPoint Current, Rank? PreviousRank, Rank? CurrentRank,
    decimal ScaledTotalChange, AssessmentBand? PreviousBand, AssessmentBand? CurrentBand, IReadOnlyList<IndicatorChange> Indicators,
    IReadOnlyList<ItemChange> AssessmentItems, IReadOnlyList<IndicatorHistory> History);

/// <summary>Re-diagnosis comparison for advisors and the SME Office (figures: audited as a full read).</summary>
public sealed class CompareDiagnosesHandler(DiagnosisStore diagnoses, UnitOfWorkFactory units)
{
    public const string NoPrevious = "no-previous-diagnosis";

    public async Task<Outcome<DiagnosisComparison>> HandleAsync(CompareDiagnosesRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = await diagnoses.GetAsync(request.Id, ct);
        if (current is null || !Access.SeesFull(caller))
        {
            return Refusal.NotFound("No such diagnosis.");
        }

        var history = await diagnoses.HistoryAsync(current.EnterpriseId, current.Number, ct);
        DiagnosisRecord? previous;
        if (request.With is { } with)
        {
            previous = history.FirstOrDefault(h => h.Id == with && h.Number < current.Number);
            if (previous is null)
            {
                return Refusal.Invalid("The request has errors.", "with", "Not an earlier diagnosis of the same enterprise.");
            }
        }
        else
        {
            previous = history.LastOrDefault(h => h.Number < current.Number);
            if (previous is null)
            {
                return Refusal.Conflict(NoPrevious, "This is the enterprise's first diagnosis: there is nothing to compare it with.");
            }
        }

        await using (var unit = await units.BeginAsync(ct))
        {
            await unit.AuditAsync(new AuditEntry(Actor.From(caller), "diagnosis.compared", "diagnosis", current.Id.ToString(), null,
                new { current.EnterpriseId, current.Number, previous = previous.Number }), ct);
            await unit.CommitAsync(ct);
        }

        var views = history.ToDictionary(h => h.Id, h => DiagnosisJson.Read(h.Result));
        var before = views[previous.Id];
        var after = views[current.Id];
        static IReadOnlyList<IndicatorSnapshot> Snapshot(DiagnosisView v) => [.. v.Indicators.Select(i => new IndicatorSnapshot(i.Code, i.Value, i.Score))];
        static DiagnosisPoint Point(DiagnosisView v) => new(v.Id, v.Number, v.Kind, v.FiscalYear, v.CreatedAt);
        var ordered = history.Select(h => views[h.Id]).ToList();
        List<IndicatorHistory> trends =
        [
            .. after.Indicators.Select(i => new IndicatorHistory(i.Code, [
                .. ordered.Select(v => (v, Indicator: v.Indicators.FirstOrDefault(x => x.Code == i.Code)))
                    .Where(p => p.Indicator is not null)
                    .Select(p => new HistoryPoint(p.v.Number, p.v.FiscalYear, p.Indicator!.Value, p.Indicator.Score)),
            ])),
        ];
        return new DiagnosisComparison(current.EnterpriseId, Point(before), Point(after), before.Rank.Rank, after.Rank.Rank,
            after.Rank.ScaledTotal - before.Rank.ScaledTotal, before.Assessment?.Band, after.Assessment?.Band,
            Comparison.Indicators(Snapshot(before), Snapshot(after)),
            before.Assessment is { } a && after.Assessment is { } b ? Comparison.Items(a.Items, b.Items) : [], trends);
    }
}
