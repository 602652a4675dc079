using SmePlatform.Diagnosis.Application.Statements;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Diagnoses;

namespace SmePlatform.Diagnosis.Application.Diagnoses;

/// <summary>From the engine's outcome to the answer and the stored row.</summary>
public static class DiagnosisViews
{
    public static DiagnosisView Build(Guid id, Guid enterpriseId, int number, string ward, string? industryCode, DiagnosisKind kind, DiagnosisOutcome outcome,
        DiagnosisRules rules, DiagnosisRecord? previous, IReadOnlyList<StatementWarning> warnings, Guid? referralId, string advisor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(rules);
        var scores = outcome.Scores.ToDictionary(s => s.Code);
        var table = $"{rules.Bands.Id} v{rules.Bands.Version}";
        List<IndicatorView> indicators =
        [
            .. outcome.Indicators.Select(i =>
            {
                var score = scores.GetValueOrDefault(i.Code);
                var band = score?.Band is { } b ? new BandView(table, b.Industry, b.Direction, b.Edges, b.Source, b.Assumption) : null;
                return new IndicatorView(i.Code, i.FiscalYear, i.Value, i.Reason, score?.Score, i.Formula, i.Unit, i.Inputs, band);
            }),
        ];
        DiagnosisDeltas? deltas = null;
        if (previous is not null)
        {
            var before = DiagnosisJson.Read(previous.Result);
            deltas = new DiagnosisDeltas(previous.Id, previous.Number, before.Rank.Rank, outcome.Rank.Rank, DeltaCalculator.Compare(
                [.. before.Indicators.Select(i => new IndicatorSnapshot(i.Code, i.Value, i.Score))],
                [.. indicators.Select(i => new IndicatorSnapshot(i.Code, i.Value, i.Score))]));
        }

        var assessment = outcome.Assessment is { } a ? new AssessmentView(a.Items, a.Overall, a.Band, outcome.Viewpoints) : null;
        return new DiagnosisView(id, enterpriseId, number, ward, industryCode, kind, outcome.FiscalYear, outcome.Periods, indicators,
            [.. outcome.OperatingCashFlows.Select(CashFlowView.From)], new RankView(outcome.Rank.Total, outcome.Rank.Scored, outcome.Rank.ScaledTotal, outcome.Rank.Rank, rules.Cutoffs),
            assessment, outcome.PreSort, [.. outcome.Recommendations.Select(RecommendationView.From)], deltas, warnings, table, rules.Catalogue.Version, referralId, advisor, now);
    }

    public static DiagnosisRecord Record(DiagnosisView view, DiagnosisOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(outcome);
        return new DiagnosisRecord
        {
            Id = view.Id, EnterpriseId = view.EnterpriseId, Number = view.Number, Ward = view.Ward, IndustryCode = view.IndustryCode,
            Kind = view.Kind.ToString(), FiscalYear = view.FiscalYear, Rank = view.Rank.Rank?.ToString(), PreSort = view.PreSort?.ToString(),
            AssessmentBand = view.Assessment?.Band.ToString(), TotalScore = outcome.Rank.Total, BandTable = view.BandTable,
            CatalogueVersion = view.CatalogueVersion, ReferralId = view.ReferralId, Advisor = view.Advisor, CreatedAt = view.CreatedAt,
            Result = DiagnosisJson.Write(view),
        };
    }

    /// <summary>The stored answer with each recommendation's latest referral (the referrals are not part of the stored answer: they move).</summary>
    public static DiagnosisView WithReferrals(DiagnosisView view, IReadOnlyList<RecommendationReferralRecord> referrals)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(referrals);
        var latest = referrals.GroupBy(r => r.Programme).ToDictionary(g => g.Key, g => g.MaxBy(r => r.RequestedAt)!);
        return view with
        {
            Recommendations = [.. view.Recommendations.Select(r => r with
            {
                Referral = latest.TryGetValue(r.Programme, out var referral) ? RecommendationReferralView.From(referral) : null,
            })],
        };
    }
}
