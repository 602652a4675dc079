using SmePlatform.Diagnosis.Domain.Programme;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Tests.Programme;

/// <summary>The excellent-SME criteria and ranking (docs/diagnosis-rules.md "Excellent-SME programme").</summary>
public sealed class ExcellentSmeTests
{
    private static CandidateFacts Facts(int margin = 4, int equity = 5, int debt = 4, decimal scaled = 25m, int fiscalYear = 2025, Guid? id = null,
        params PeriodFact[] periods) =>
        new(id ?? Guid.CreateVersion7(), Guid.CreateVersion7(), "tiexi", fiscalYear, Rank.A, scaled, margin, equity, debt,
            periods.Length > 0 ? periods : [new(2023, true, true), new(2024, true, true), new(2025, true, true)]);

    [Fact]
    public void Three_profitable_consecutive_years_with_checked_balance_sheets_and_good_scores_are_eligible()
    {
        var criteria = ExcellentSme.Evaluate(Facts(), 2026, ExcellentSmeRules.Preset);
        Assert.True(criteria.Eligible);
        Assert.Equal(3, criteria.ConsecutivePeriods);
    }

    [Fact]
    public void Each_criterion_fails_on_its_own_evidence()
    {
        var rules = ExcellentSmeRules.Preset;
        Assert.False(ExcellentSme.Evaluate(Facts(margin: 3), 2026, rules).Profitability);
        Assert.False(ExcellentSme.Evaluate(Facts(periods: [new(2023, false, true), new(2024, true, true), new(2025, true, true)]), 2026, rules).Profitability);
        Assert.False(ExcellentSme.Evaluate(Facts(debt: 3), 2026, rules).FinancialHealth);
        var gap = ExcellentSme.Evaluate(Facts(periods: [new(2022, true, true), new(2024, true, true), new(2025, true, true)]), 2026, rules);
        Assert.False(gap.AccountingTransparency);
        Assert.Equal(2, gap.ConsecutivePeriods);
        Assert.False(ExcellentSme.Evaluate(Facts(periods: [new(2023, true, true), new(2024, true, false), new(2025, true, true)]), 2026, rules)
            .AccountingTransparency);
        Assert.False(ExcellentSme.Evaluate(Facts(fiscalYear: 2022, periods: [new(2020, true, true), new(2021, true, true), new(2022, true, true)]), 2026, rules)
            .Current);
    }

    [Fact]
    public void Candidates_are_ranked_by_criteria_met_then_scaled_total_and_those_meeting_none_are_left_out()
    {
        var best = Facts(scaled: 27m);
        var good = Facts(scaled: 24m);
        var twoCriteria = Facts(scaled: 29m, debt: 2);
        var none = Facts(margin: 1, equity: 1, debt: 1, periods: [new(2025, false, false)]);
        var ranked = ExcellentSme.Rank([none, twoCriteria, good, best], 2026, ExcellentSmeRules.Preset);
        Assert.Equal([best.EnterpriseId, good.EnterpriseId, twoCriteria.EnterpriseId], ranked.Select(r => r.Facts.EnterpriseId));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Position));
        Assert.Equal([true, true, false], ranked.Select(r => r.Criteria.Eligible));
    }
}
