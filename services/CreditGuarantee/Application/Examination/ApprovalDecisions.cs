using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <summary>
/// An approval: the decision computed (grade, coverage, fee, limits with today's exposure, read in the approving
/// transaction under the exposure lock) and either recorded, or, above the four-eyes threshold without a
/// countersignature, stored as a proposal for the second examiner (<see cref="GuaranteeWorkflow.CheckProposal"/>).
/// Outside a limit: refused, after the workflow's own refusals. The enterprise's diagnosis comes read beforehand
/// (<see cref="DiagnosisReads"/>); with consent and no answer from the Diagnosis service the approval waits (ADR 0058).
/// </summary>
public sealed class ApprovalDecisions
{
    public async Task<Outcome<LifecycleStep>> ApproveAsync(UnitOfWork unit, ApplicationRow row, GuaranteeConfiguration config, WorkflowActor examiner,
        string? countersignedBy, IReadOnlyList<ProposedCondition> conditions, DiagnosisRead diagnosisRead, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(diagnosisRead);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(conditions);
        var section = row.IndustryCode.Length > 0 ? row.IndustryCode[0] : '?';
        var today = ServiceClock.Today(now);
        var subject = new ScreeningSubject(row.Id, row.BankId, today, section, row.Ward);
        var exposure = await ApplicationStore.ExposureAsync(unit, row.Id, row.EnterpriseId, row.BankId, section, row.Ward, cancellationToken);
        var diagnosis = diagnosisRead.Use(config.Grading, row, today);
        var input = new DecisionInput(row.Loan, row.Statements, diagnosis.ForDecision, subject, exposure, conditions, today);
        var invalid = GuaranteeDecisions.Validate(config, input);
        if (invalid.Count > 0)
        {
            return Refusals.Rule("decision-input", "The application's data cannot be decided under the configuration in force.",
                string.Join(" ", invalid.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), "decision.input_invalid");
        }

        var decision = GuaranteeDecisions.Decide(config, input);
        var outcome = conditions.Count == 0 ? Outcomes.Approved : Outcomes.ApprovedWithConditions;
        WorkflowAction action = conditions.Count == 0
            ? new Approve(decision.Coverage.GuaranteedAmount, countersignedBy)
            : new ApproveWithConditions(decision.Coverage.GuaranteedAmount, [.. conditions.Select(c => c.Text)], countersignedBy);
        var record = new DecisionRecord(outcome, examiner.Id, countersignedBy, now, decision.Risk.Grade.Number, decision.Risk.Grade.ToString(),
            decision.Coverage.Coverage, decision.Coverage.GuaranteedAmount, decision.Fee.AnnualRate, decision.Fee.InstalmentFactor, decision.Fee.Fee,
            Money.Currency, conditions, Reasons(decision, diagnosis), config.Id, config.Version);
        // The caps are named in machine-readable form too (limit.bank_cap, limit.fund_leverage …), for the portal.
        var refusedByLimits = decision.WithinLimits ? null : Refusals.Rule("limits-exceeded", "Approving would breach a limit of the fund.",
                string.Join(" ", decision.Limits.Failures.Select(f => f.Text)), "decision.limits")
            .With("failedRules", decision.Limits.Failures.Select(f => f.Code).ToArray());

        // The workflow's refusals come first; then a consented diagnosis that could not be read; then the limits.
        var refusedByRules = DiagnosisReads.RefuseWithout(diagnosis, config.Grading) ?? refusedByLimits;
        var application = row.ToDomain();
        if (GuaranteeWorkflow.IsProposal(config.Workflow, application, countersignedBy))
        {
            if (GuaranteeWorkflow.CheckProposal(config.Workflow, application, action, examiner, now) is { } error)
            {
                return Refusals.Transition(error);
            }

            return refusedByRules is { } refused ? refused : new LifecycleStep([], Then: (r, _) =>
            {
                r.ProposedDecision = StoredJson.Write(new ProposedDecisionRecord(outcome, examiner.Id, now, conditions, record));
                return null;
            }, Proposal: true);
        }

        if (refusedByRules is not null)
        {
            // The workflow's refusal (not allowed now, not the assigned examiner …) is the more useful answer.
            return ApplicationWorkflow.Check(config.Workflow, row, [(action, examiner)], now) is { } error ? Refusals.Transition(error) : refusedByRules;
        }

        return new LifecycleStep([(action, examiner)], Then: (r, _) =>
        {
            r.Decision = StoredJson.Write(record);
            r.ProposedDecision = null;
            r.InformationRequest = null;
            return ApplicationWorkflow.DecidedEvent(r, record);
        });
    }

    /// <summary>
    /// The decision's reasons; when the enterprise consented but no diagnosis reached the grade (none, or no weight while
    /// unavailable), the record says why, so that the consent never looks ignored.
    /// </summary>
    private static IReadOnlyList<string> Reasons(GuaranteeDecision decision, DiagnosisUse diagnosis) =>
        diagnosis.Status != DiagnosisStatus.NotConsented && diagnosis.ForDecision is null ? [.. decision.Reasons, diagnosis.Explanation] : decision.Reasons;
}
