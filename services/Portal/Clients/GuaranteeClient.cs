namespace SmePlatform.Portal.Clients;

public sealed record QueueCounts(int All, int Unassigned, int Mine, int Overdue);

/// <summary>One line of the examiners' work queue.</summary>
public sealed record QueueItem(Guid Id, string BankId, string ApplicationKey, string Status, string Uscc, string EnterpriseName, decimal LoanAmount,
    string? Examiner, string? SecondExaminer, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, DateOnly? DueDate, bool Overdue);

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, string? NextCursor, QueueCounts Counts, int ExaminationTimeLimitWorkingDays);

public sealed record ScreeningCheck(string Code, bool Passed, string Text);

public sealed record ScreeningView(bool Passed, IReadOnlyList<ScreeningCheck> Checks, DateTimeOffset ScreenedAt);

public sealed record ConditionView(int Number, string Text, string? Reason, bool Met);

/// <summary>A decision as the fund computed it: grade, coverage, guaranteed amount and fee, each with its reason.</summary>
public sealed record DecisionView(string Outcome, DateTimeOffset DecidedAt, int? RiskGrade, string? RiskGradeText, decimal? Coverage,
    decimal? GuaranteedAmount, decimal? AnnualFeeRate, decimal? Fee, string Currency, IReadOnlyList<string> Reasons);

public sealed record ProposedDecisionView(string Outcome, string ProposedBy, DateTimeOffset ProposedAt, DecisionView Decision);

public sealed record ApplicantView(Guid Id, string Uscc, string Name);

public sealed record ApplicationCore(Guid Id, string ApplicationKey, string Status, ApplicantView Enterprise, decimal LoanAmount, string Currency,
    int TermMonths, string Purpose, string Programme, decimal RequestedCoverage, ScreeningView? Screening, DecisionView? Decision,
    IReadOnlyList<ConditionView> Conditions, DateTimeOffset SubmittedAt);

public sealed record DeadlineView(int TimeLimitWorkingDays, DateOnly DueDate, bool Running, bool Overdue, int? RemainingWorkingDays);

/// <summary>The diagnosis as the decision would use it; Status is not_consented, none_available, too_old or used.</summary>
public sealed record DiagnosisSection(bool Consented, string Status, string? Band, DateOnly? AssessedOn, bool UsedInDecision, string Explanation);

public sealed record ExposureLine(string Code, string Name, decimal Used, decimal? Cap, decimal? Headroom, bool Applies, string Text);

public sealed record ExposureSection(DateOnly AsOf, decimal? GuaranteedAmountIfApproved, IReadOnlyList<ExposureLine> Caps, IReadOnlyList<ScreeningCheck> IfApproved);

public sealed record BorrowerApplication(Guid Id, string BankId, string ApplicationKey, string Status, decimal LoanAmount, decimal Outstanding,
    DateTimeOffset SubmittedAt, bool CountsForSplitting);

/// <summary>An application as examiners read it (GET /api/guarantee/applications/{id}); RowVersion is its ETag.</summary>
public sealed record ExaminerApplication(ApplicationCore Application, string BankId, string Ward, string IndustryCode, string? Examiner,
    string? SecondExaminer, bool NeedsSecondExaminer, ProposedDecisionView? ProposedDecision, string? DecidedBy, string? CountersignedBy,
    IReadOnlyList<string> AllowedActions, int RowVersion, DeadlineView? Deadline, DiagnosisSection? Diagnosis, ExposureSection? Exposure,
    IReadOnlyList<BorrowerApplication>? OtherApplications);

public sealed record ConditionRequest(string Text, string? Reason);

/// <summary>What the decision form sends: outcome approve, approve_with_conditions, decline or request_information.</summary>
public sealed record DecisionRequest(string Outcome, IReadOnlyList<ConditionRequest>? Conditions, string? Reason, string? Question);

/// <summary>CreditGuarantee's examiners' API through the gateway, as the signed-in examiner (or the SME Office, reading).</summary>
public sealed class GuaranteeClient(GatewayApi api)
{
    private const string Applications = "api/guarantee/applications";

    public const int PageSize = 25;

    /// <param name="queue">all, unassigned, mine or overdue.</param>
    public Task<ApiResult<QueuePage>> QueueAsync(string queue, string? cursor, CancellationToken cancellationToken = default) =>
        api.GetAsync<QueuePage>($"{Applications}?queue={Uri.EscapeDataString(queue)}&limit={PageSize}"
            + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), cancellationToken);

    public Task<ApiResult<ExaminerApplication>> ApplicationAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<ExaminerApplication>($"{Applications}/{id}", cancellationToken);

    /// <param name="role">examiner or second_examiner (four-eyes).</param>
    public Task<ApiResult<ExaminerApplication>> AssignAsync(ExaminerApplication file, string role) =>
        api.PostAsync<ExaminerApplication>($"{Applications}/{file.Application.Id}/assignment", new { @as = role }, ifMatch: Version(file));

    public Task<ApiResult<ExaminerApplication>> DecideAsync(ExaminerApplication file, DecisionRequest decision) =>
        api.PostAsync<ExaminerApplication>($"{Applications}/{file.Application.Id}/decision", decision, ifMatch: Version(file));

    public Task<ApiResult<ExaminerApplication>> CountersignAsync(ExaminerApplication file) =>
        api.PostAsync<ExaminerApplication>($"{Applications}/{file.Application.Id}/countersignature", null, ifMatch: Version(file));

    /// <summary>The version the examiner read: a change by someone else since is refused (412), never overwritten.</summary>
    private static string Version(ExaminerApplication file) => $"\"{file.RowVersion}\"";
}
