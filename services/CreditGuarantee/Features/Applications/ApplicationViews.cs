using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Features.Applications;

public sealed record EnterpriseView(Guid Id, string Uscc, string Name);

public sealed record InstalmentsView(string Type, int Instalments);

public sealed record ConsentView(bool UseDiagnosis, bool UseCounsellingHistory);

public sealed record ScreeningView(bool Passed, IReadOnlyList<ScreeningCheck> Checks, ConfigurationRef Configuration, DateTimeOffset ScreenedAt);

public sealed record ConfigurationRef(string Id, int Version);

public sealed record ConditionView(int Number, string Text, string? Reason, bool Met);

public sealed record DecisionView(
    string Outcome,
    DateTimeOffset DecidedAt,
    int? RiskGrade,
    string? RiskGradeText,
    decimal? Coverage,
    decimal? GuaranteedAmount,
    decimal? AnnualFeeRate,
    decimal? InstalmentFactor,
    decimal? Fee,
    string Currency,
    IReadOnlyList<string> Reasons,
    ConfigurationRef Configuration);

public sealed record InformationRequestView(string Question);

public sealed record DisbursementView(decimal Amount, DateOnly DisbursedOn);

/// <summary>A status change as the bank sees it: no staff identities.</summary>
public sealed record StatusChangeView(string From, string To, DateTimeOffset At, string Note);

/// <summary>
/// An application as its bank sees it (GET /api/bank/v1/applications/{id}, and the answer to a submission).
/// <see cref="Channel"/>: "bank" (submitted by the bank) or "counter" (referred by a one-stop counter for a loan from this bank).
/// </summary>
public sealed record BankApplicationView(
    Guid Id,
    string ApplicationKey,
    string Status,
    EnterpriseView Enterprise,
    decimal LoanAmount,
    string Currency,
    int TermMonths,
    string Purpose,
    string? PurposeDetail,
    string Programme,
    InstalmentsView Instalments,
    decimal RequestedCoverage,
    IReadOnlyList<CollateralItem> Collateral,
    ConsentView Consent,
    ScreeningView? Screening,
    InformationRequestView? InformationRequest,
    DecisionView? Decision,
    IReadOnlyList<ConditionView> Conditions,
    DisbursementView? Disbursement,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StatusChangeView> History,
    GuaranteeView? Guarantee = null,
    string Channel = Channels.Bank);

/// <summary>
/// The guarantee once issued (its id is the application's): principal outstanding as the bank reported it, the claim
/// filed and paid, and the recoveries booked. CNY.
/// </summary>
public sealed record GuaranteeView(decimal GuaranteedAmount, decimal Outstanding, decimal ClaimFiled, decimal ClaimPaid, decimal Recovered);

/// <summary>One line of a bank's application list.</summary>
public sealed record BankApplicationSummary(Guid Id, string ApplicationKey, string Status, string Uscc, string EnterpriseName,
    decimal LoanAmount, string Currency, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, string Channel = Channels.Bank);

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A transition with its actor, for staff.</summary>
public sealed record HistoryView(string From, string To, string Action, string ActorId, string ActorRole, DateTimeOffset At, string Note);

public sealed record ProposedDecisionView(string Outcome, string ProposedBy, DateTimeOffset ProposedAt, DecisionView Decision);

/// <summary>An application as examiners and the SME Office see it.</summary>
public sealed record ExaminerApplicationView(
    BankApplicationView Application,
    string BankId,
    string Ward,
    string IndustryCode,
    string? Examiner,
    string? SecondExaminer,
    bool NeedsSecondExaminer,
    ProposedDecisionView? ProposedDecision,
    string? DecidedBy,
    string? CountersignedBy,
    IReadOnlyList<FinancialStatement> FinancialStatements,
    IReadOnlyList<HistoryView> History,
    IReadOnlyList<string> AllowedActions,
    int RowVersion);

public sealed record QueueItem(Guid Id, string BankId, string ApplicationKey, string Status, string Uscc, string EnterpriseName,
    decimal LoanAmount, string? Examiner, string? SecondExaminer, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt);

public static class ApplicationViews
{
    /// <summary>Assignments are the fund's internal business; a bank sees every other transition.</summary>
    private static readonly HashSet<string> InternalActions =
    [
        States.SnakeCase(nameof(WorkflowActionKind.AssignExaminer)), States.SnakeCase(nameof(WorkflowActionKind.AssignSecondExaminer)),
    ];

    public static BankApplicationView ForBank(ApplicationRow row, IReadOnlyList<HistoryRow> history)
    {
        var screening = row.ScreeningRecord;
        var decision = row.DecisionRecord;
        var reasons = decision?.Conditions ?? [];
        return new BankApplicationView(
            row.Id, row.BankApplicationKey, row.State, new EnterpriseView(row.EnterpriseId, row.Uscc, row.EnterpriseName),
            row.LoanAmount, row.Currency, row.TermMonths, row.Purpose, row.PurposeDetail, row.Programme,
            new InstalmentsView(row.InstalmentType, row.Instalments), row.RequestedCoverage, row.CollateralItems,
            new ConsentView(row.ConsentDiagnosis, row.ConsentCounselling),
            screening is null ? null : new ScreeningView(screening.Passed, screening.Checks,
                new ConfigurationRef(screening.ConfigurationId, screening.ConfigurationVersion), screening.ScreenedAt),
            row.InformationRequest is null ? null : new InformationRequestView(row.InformationRequest),
            decision is null ? null : ToView(decision),
            [.. row.ConditionList.Select(c => new ConditionView(c.Number, c.Text, c.Number <= reasons.Count ? reasons[c.Number - 1].Reason : null, c.Met))],
            row.DisbursementRecord is { } d ? new DisbursementView(d.Amount, d.On) : null,
            row.SubmittedAt, row.UpdatedAt,
            [.. history.Where(h => !InternalActions.Contains(h.Action)).Select(h => new StatusChangeView(h.FromState, h.ToState, h.OccurredAt, h.Note))],
            row.StateValue >= ApplicationState.Issued && row.GuaranteedAmount is { } guaranteed
                ? new GuaranteeView(guaranteed, row.Outstanding, row.ClaimFiled, row.ClaimPaid, row.Recovered)
                : null,
            row.Channel);
    }

    public static BankApplicationSummary Summary(ApplicationRow row) =>
        new(row.Id, row.BankApplicationKey, row.State, row.Uscc, row.EnterpriseName, row.LoanAmount, row.Currency, row.SubmittedAt, row.UpdatedAt, row.Channel);

    public static QueueItem QueueItem(ApplicationRow row) =>
        new(row.Id, row.BankId, row.BankApplicationKey, row.State, row.Uscc, row.EnterpriseName, row.LoanAmount, row.Examiner,
            row.SecondExaminer, row.SubmittedAt, row.UpdatedAt);

    public static ExaminerApplicationView ForExaminer(ApplicationRow row, IReadOnlyList<HistoryRow> history, WorkflowRules rules)
    {
        var proposal = row.ProposedDecisionRecord;
        var decision = row.DecisionRecord;
        return new ExaminerApplicationView(
            ForBank(row, history), row.BankId, row.Ward, row.IndustryCode, row.Examiner, row.SecondExaminer,
            GuaranteeWorkflow.NeedsSecondExaminer(rules, row.ToDomain()),
            proposal is null ? null : new ProposedDecisionView(proposal.Outcome, proposal.ProposedBy, proposal.ProposedAt, ToView(proposal.Decision)),
            decision?.DecidedBy, decision?.CountersignedBy, row.Statements,
            [.. history.Select(h => new HistoryView(h.FromState, h.ToState, h.Action, h.ActorId, h.ActorRole, h.OccurredAt, h.Note))],
            [.. GuaranteeWorkflow.AllowedActions(row.StateValue).Select(a => States.SnakeCase(a.ToString()))],
            row.RowVersion);
    }

    public static DecisionView ToView(DecisionRecord d) =>
        new(d.Outcome, d.DecidedAt, d.RiskGrade, d.RiskGradeText, d.Coverage, d.GuaranteedAmount, d.AnnualFeeRate, d.InstalmentFactor, d.Fee,
            d.Currency, d.Reasons, new ConfigurationRef(d.ConfigurationId, d.ConfigurationVersion));
}
