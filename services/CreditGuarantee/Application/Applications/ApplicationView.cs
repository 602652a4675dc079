using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

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

/// <summary>
/// An application as examiners and the SME Office see it. <see cref="Register"/>, <see cref="Exposure"/> and
/// <see cref="OtherApplications"/> come with GET …/applications/{id} only: an action's answer does not wait for the
/// register, and exposure is only true at the moment it is read.
/// </summary>
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
    int RowVersion,
    ExaminationDeadlineView? Deadline = null,
    DiagnosisSection? Diagnosis = null,
    RegisterSection? Register = null,
    ExposureSection? Exposure = null,
    IReadOnlyList<BorrowerApplicationView>? OtherApplications = null);

/// <summary>
/// The examination time limit of an application: due by the end of <see cref="DueDate"/> (Asia/Shanghai).
/// <see cref="Running"/>: the fund still owes a decision; <see cref="RemainingWorkingDays"/> is negative once overdue
/// and null when the clock has stopped. <see cref="Provisional"/>: the holiday calendar does not cover every year involved.
/// </summary>
public sealed record ExaminationDeadlineView(int TimeLimitWorkingDays, DateOnly DueDate, DateTimeOffset DueBy, bool Running, bool Overdue,
    int? RemainingWorkingDays, bool Provisional);

/// <summary>
/// The diagnosis as the decision would use it. <see cref="Status"/>: not_consented (nothing was read), none_available,
/// too_old, used, or unavailable (consented, but the Diagnosis service did not answer: retry; no approval until then);
/// <see cref="Source"/> says where diagnoses come from. <see cref="Latest"/>: the enterprise's latest diagnosis as read
/// for this application (with consent only). <see cref="Grade"/>: the risk grade on the statements and with the diagnosis.
/// </summary>
public sealed record DiagnosisSection(bool Consented, string Status, string? Band, DateOnly? AssessedOn, bool UsedInDecision, string Explanation, string Source,
    DiagnosisReportView? Latest = null, GradeEffectView? Grade = null);

/// <summary>
/// The enterprise's latest diagnosis: rank A–D of its total score, the study's pre-sort group (the band the decision
/// uses), the management assessment's band (full diagnoses), each indicator's value and 1–5 score, when and by whom.
/// </summary>
public sealed record DiagnosisReportView(Guid DiagnosisId, int Number, string Kind, int FiscalYear, string? Rank, string? PreSort, string? AssessmentBand,
    int TotalScore, string Advisor, DateTimeOffset CompletedAt, DateOnly AssessedOn, IReadOnlyList<DiagnosedIndicatorView> Indicators);

/// <summary>One indicator: <see cref="Value"/> null when undefined, <see cref="Reason"/> then says why; <see cref="Score"/> 0 when not scored.</summary>
public sealed record DiagnosedIndicatorView(string Code, decimal? Value, string? Reason, int Score);

/// <summary>
/// The risk grade an approval would compute today: <see cref="OnStatements"/> from the financial statements alone,
/// <see cref="WithDiagnosis"/> after the diagnosis (the same when it does not apply), and why. Null grades: no balance
/// sheet. <see cref="Provisional"/>: the diagnosis could not be read, so the grade may still move.
/// </summary>
public sealed record GradeEffectView(int? OnStatements, int? WithDiagnosis, string? Effect, bool Provisional);

/// <summary>The enterprise as the application recorded it at submission.</summary>
public sealed record EnterpriseSnapshotView(Guid Id, string Uscc, string Name, string Ward, string IndustryCode);

/// <summary>The enterprise as the register holds it now. Amounts in <see cref="Currency"/>.</summary>
public sealed record RegisterEnterpriseView(Guid Id, string Uscc, string Name, string Ward, string IndustryCode, string Status, string? DeactivationReason,
    Guid? MergedInto, string? SizeClass, string? SizeRuleSet, string? SizeReason, int? Employees, decimal? AnnualRevenue, decimal? TotalAssets,
    string Currency);

/// <summary>
/// The register's live data next to the stored snapshot. <see cref="Status"/>: available, unavailable (the register did
/// not answer: <see cref="Live"/> is null, the snapshot stands), not_found or invalid; <see cref="Note"/> explains.
/// <see cref="Changes"/>: what the register holds differently from the snapshot.
/// </summary>
public sealed record RegisterSection(string Status, string? Note, EnterpriseSnapshotView Stored, RegisterEnterpriseView? Live, IReadOnlyList<string> Changes);

/// <summary>
/// The fund's exposure relevant to the application, today, without the application itself: each cap used / cap /
/// headroom, the guaranteed amount an approval would add under the configuration in force, and every limit check with it.
/// </summary>
public sealed record ExposureSection(DateOnly AsOf, decimal? GuaranteedAmountIfApproved, IReadOnlyList<ExposureLine> Caps, IReadOnlyList<ScreeningCheck> IfApproved,
    string Currency);

/// <summary>
/// Another application of the same enterprise at any bank. <see cref="CountsForSplitting"/>: submitted within the
/// anti-splitting window before or after this one and not declined or withdrawn (screening looks back from each
/// application, so the pair counts whichever came first).
/// </summary>
public sealed record BorrowerApplicationView(Guid Id, string BankId, string ApplicationKey, string Status, decimal LoanAmount, decimal? GuaranteedAmount,
    decimal Outstanding, DateTimeOffset SubmittedAt, bool CountsForSplitting);

public sealed record QueueItem(Guid Id, string BankId, string ApplicationKey, string Status, string Uscc, string EnterpriseName,
    decimal LoanAmount, string? Examiner, string? SecondExaminer, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt,
    DateOnly? DueDate = null, bool Overdue = false);

/// <summary>A page of an examiners' queue, with how many items each queue holds and the time limit that makes one overdue.</summary>
public sealed record QueuePage(IReadOnlyList<QueueItem> Items, string? NextCursor, QueueCounts Counts, int ExaminationTimeLimitWorkingDays);
