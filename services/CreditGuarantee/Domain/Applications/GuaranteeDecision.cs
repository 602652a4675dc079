namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>A condition an examiner attaches to an approval, with the reason for it in a bank officer's words.</summary>
public sealed record ProposedCondition(string Text, string Reason);

/// <summary>Everything the decision needs; the service gathers it.</summary>
public sealed record DecisionInput(
    LoanRequest Loan,
    IReadOnlyList<FinancialStatement> Statements,
    LatestDiagnosis? Diagnosis,
    ScreeningSubject Subject,
    ExposureSnapshot Exposure,
    IReadOnlyList<ProposedCondition> Conditions,
    DateOnly On);

/// <summary>
/// The decision with its reasons: grade, coverage, fee, the limits check and conditions, each with the rule or band
/// that set it, and the configuration version used. <see cref="WithinLimits"/> false means it cannot be approved.
/// </summary>
public sealed record GuaranteeDecision(
    string ConfigurationId,
    int ConfigurationVersion,
    RiskAssessment Risk,
    CoverageResult Coverage,
    FeeResult Fee,
    ScreeningResult Limits,
    IReadOnlyList<ProposedCondition> Conditions,
    bool WithinLimits,
    IReadOnlyList<string> Reasons);

public static class GuaranteeDecisions
{
    /// <summary>Every input error at once (loan request and statements), keyed by field.</summary>
    public static Dictionary<string, string[]> Validate(GuaranteeConfiguration config, DecisionInput input)
    {
        var errors = LoanRequest.Validate(config, input.Loan);
        foreach (var (field, messages) in RiskGrading.Validate(input.Statements))
        {
            errors[field] = messages;
        }

        for (var i = 0; i < input.Conditions.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(input.Conditions[i].Text) || string.IsNullOrWhiteSpace(input.Conditions[i].Reason))
            {
                errors[$"conditions[{i}]"] = ["A condition has a text and a reason."];
            }
        }

        return errors;
    }

    /// <summary>Computes the decision for an input that passed <see cref="Validate"/>.</summary>
    public static GuaranteeDecision Decide(GuaranteeConfiguration config, DecisionInput input)
    {
        if (Validate(config, input).Count > 0)
        {
            throw new ArgumentException("The input is not valid; call Validate first.", nameof(input));
        }

        var risk = RiskGrading.Assess(config.Grading, input.Statements, input.Diagnosis, input.On);
        var coverage = CoverageCalculator.Compute(config, input.Loan);
        var fee = FeeCalculator.Compute(config, risk.Grade, coverage.GuaranteedAmount, input.Loan.TermMonths, input.Loan.Instalments);
        var limits = Screening.Limits(config, input.Subject, input.Exposure, coverage.GuaranteedAmount);

        var reasons = new List<string> { risk.Reason };
        reasons.AddRange(risk.Indicators.Select(i => i.Reason));
        if (risk.DiagnosisAdjustment is { } adjustment)
        {
            reasons.Add(adjustment);
        }

        reasons.Add(coverage.Reason);
        reasons.Add(fee.Reason);
        reasons.AddRange(limits.Failures.Count == 0 ? ["Within every limit."] : limits.Failures.Select(f => f.Text));
        reasons.AddRange(input.Conditions.Select((c, i) => $"Condition {i + 1}: {c.Text} Reason: {c.Reason}"));
        reasons.Add($"Rules: configuration {config.Label}.");
        return new GuaranteeDecision(config.Id, config.Version, risk, coverage, fee, limits, input.Conditions, limits.Passed, reasons);
    }
}
