using SmePlatform.SharedKernel;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.CreditGuarantee.Clients;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>The views of an application: built from its stored row and history, for the bank, the examiner and lists.</summary>
public static class ApplicationViews
{
    /// <summary>Assignments are the fund's internal business; a bank sees every other transition.</summary>
    private static readonly HashSet<string> InternalActions =
    [
        States.SnakeCase(nameof(WorkflowActionKind.AssignExaminer)), States.SnakeCase(nameof(WorkflowActionKind.AssignSecondExaminer)),
        States.SnakeCase(nameof(WorkflowActionKind.ReassignExaminer)),
    ];

    /// <summary>Whether the bank sees this history entry (and receives an event for it).</summary>
    public static bool BankSees(WorkflowActionKind action) => !InternalActions.Contains(States.SnakeCase(action.ToString()));

    /// <summary>The application as its bank reads it: screening checks that weigh the fund's totals or other banks say only whether they passed.</summary>
    public static BankApplicationView ForBank(ApplicationRow row, IReadOnlyList<HistoryRow> history) => Build(row, history, BankDisclosure.ForBank);

    private static BankApplicationView Build(ApplicationRow row, IReadOnlyList<HistoryRow> history, Func<ScreeningCheck, ScreeningCheck> checks)
    {
        var screening = row.ScreeningRecord;
        var decision = row.DecisionRecord;
        var reasons = decision?.Conditions ?? [];
        return new BankApplicationView(
            row.Id, row.BankApplicationKey, row.State, new EnterpriseView(row.EnterpriseId, row.Uscc, row.EnterpriseName),
            row.LoanAmount, row.Currency, row.TermMonths, row.Purpose, row.PurposeDetail, row.Programme,
            new InstalmentsView(row.InstalmentType, row.Instalments), row.RequestedCoverage, row.CollateralItems,
            new ConsentView(row.ConsentDiagnosis, row.ConsentCounselling),
            screening is null ? null : new ScreeningView(screening.Passed, [.. screening.Checks.Select(checks)],
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

    public static QueueItem QueueItem(ApplicationRow row, WorkflowRules rules, DateTimeOffset now)
    {
        var deadline = ExaminationTimeLimit.Deadline(WorkingDayCalendar.China, rules, row.SubmittedAt);
        return new(row.Id, row.BankId, row.BankApplicationKey, row.State, row.Uscc, row.EnterpriseName, row.LoanAmount, row.Examiner,
            row.SecondExaminer, row.SubmittedAt, row.UpdatedAt, deadline.DueDate,
            ExaminationTimeLimit.IsOverdue(WorkingDayCalendar.China, rules, row.StateValue, row.SubmittedAt, now));
    }

    public static ExaminationDeadlineView Deadline(ApplicationRow row, WorkflowRules rules, DateTimeOffset now)
    {
        var calendar = WorkingDayCalendar.China;
        var deadline = ExaminationTimeLimit.Deadline(calendar, rules, row.SubmittedAt);
        var running = ExaminationTimeLimit.Running.Contains(row.StateValue);
        return new ExaminationDeadlineView(rules.ExaminationTimeLimitWorkingDays, deadline.DueDate, deadline.DueBy, running,
            running && deadline.IsOverdue(now), running ? calendar.RemainingWorkingDays(deadline, now) : null, deadline.Provisional);
    }

    /// <summary>
    /// The diagnosis section of the examiner's file: the use the decision would make of it, the diagnosis read (with
    /// consent only), and its effect on the grade an approval would compute today from the stored statements.
    /// </summary>
    public static DiagnosisSection Diagnosis(DiagnosisUse use, DiagnosisReport? report, ApplicationRow row, GradingRules rules, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(use);
        ArgumentNullException.ThrowIfNull(row);
        GradeEffectView? grade = null;
        if (RiskGrading.Validate(row.Statements).Count == 0)
        {
            var risk = RiskGrading.Assess(rules, row.Statements, use.ForDecision, today);
            grade = new GradeEffectView(risk.FinancialGrade.Number, risk.Grade.Number, risk.DiagnosisAdjustment, use.Status == DiagnosisStatus.Unavailable);
        }

        var latest = report is null ? null : new DiagnosisReportView(report.DiagnosisId, report.Number, report.Kind, report.FiscalYear, report.Rank,
            report.PreSort, report.AssessmentBand, report.TotalScore, report.Advisor, report.CompletedAt, report.AssessedOn,
            [.. report.Indicators.Select(i => new DiagnosedIndicatorView(i.Code, i.Value, i.Reason, i.Score))]);
        return new(use.Status != DiagnosisStatus.NotConsented, States.SnakeCase(use.Status.ToString()), use.Latest?.Band.ToString(), use.Latest?.AssessedOn,
            use.Status == DiagnosisStatus.Used && rules.DiagnosisGrades > 0, use.Explanation, DiagnosisUses.Source, latest, grade);
    }

    /// <summary>The application's enterprise snapshot against the register's answer; a register that did not answer leaves the snapshot standing.</summary>
    public static RegisterSection Register(ApplicationRow row, RegisterAnswer answer)
    {
        var stored = new EnterpriseSnapshotView(row.EnterpriseId, row.Uscc, row.EnterpriseName, row.Ward, row.IndustryCode);
        switch (answer)
        {
            case RegisterAnswer.Found { Enterprise: var e }:
                var figures = e.Figures;
                var live = new RegisterEnterpriseView(e.Id, e.Uscc, e.Name, e.Ward, e.IndustryCode, States.SnakeCase(e.Status.ToString()),
                    figures?.DeactivationReason, e.MergedInto, e.SizeClass is { } size ? States.SnakeCase(size.ToString()) : null, e.SizeRuleSet,
                    figures?.SizeReason, figures?.Employees, figures?.AnnualRevenue, figures?.TotalAssets, figures?.Currency ?? Money.Currency);
                var changes = new List<string>();
                Compare("name", row.EnterpriseName, e.Name, changes);
                Compare("ward", row.Ward, e.Ward, changes);
                Compare("industry code", row.IndustryCode, e.IndustryCode, changes);
                if (e.Id != row.EnterpriseId)
                {
                    changes.Add($"The register now lists code {row.Uscc} under enterprise {e.Id}, not {row.EnterpriseId}.");
                }

                if (e.Status != RegistrationStatus.Active)
                {
                    changes.Add(e.MergedInto is { } survivor
                        ? $"The enterprise is no longer active: merged into {survivor}."
                        : "The enterprise is no longer active on the register.");
                }

                return new RegisterSection("available", null, stored, live, changes);
            case RegisterAnswer.NotFound notFound:
                return new RegisterSection("not_found", $"The register no longer lists code {row.Uscc}: {notFound.Detail}", stored, null, []);
            case RegisterAnswer.Invalid invalid:
                return new RegisterSection("invalid", $"The register refuses code {row.Uscc}: {invalid.Message}", stored, null, []);
            case RegisterAnswer.Unavailable unavailable:
                return new RegisterSection("unavailable", $"Register unavailable: {unavailable.Detail} Shown: the enterprise as recorded at submission.",
                    stored, null, []);
            default:
                throw new InvalidOperationException($"Unknown register answer {answer.GetType().Name}.");
        }
    }

    public static BorrowerApplicationView Borrower(BorrowerApplicationRow other, ApplicationRow row, WorkflowRules rules)
    {
        var apart = Math.Abs(ApplicationStore.LocalDate(other.SubmittedAt, ServiceClock.Zone).DayNumber
            - ApplicationStore.LocalDate(row.SubmittedAt, ServiceClock.Zone).DayNumber);
        var counts = apart <= rules.AntiSplittingWindowDays && !Screening.NotCountingForSplitting.Contains(States.Parse(other.State));
        return new(other.Id, other.BankId, other.BankApplicationKey, other.State, other.LoanAmount, other.GuaranteedAmount, other.Outstanding,
            other.SubmittedAt, counts);
    }

    private static void Compare(string what, string stored, string live, List<string> changes)
    {
        if (!string.Equals(stored, live, StringComparison.Ordinal))
        {
            changes.Add($"The {what} was {stored} at submission; the register now holds {live}.");
        }
    }

    private static ExaminerApplicationView ForExaminer(ApplicationRow row, IReadOnlyList<HistoryRow> history, WorkflowRules rules, DateOnly today)
    {
        var proposal = row.ProposedDecisionRecord;
        var decision = row.DecisionRecord;
        // The fund reads its screening in full.
        return new ExaminerApplicationView(
            Build(row, history, check => check), row.BankId, row.Ward, row.IndustryCode, row.Examiner, row.SecondExaminer,
            GuaranteeWorkflow.NeedsSecondExaminer(rules, row.ToDomain()),
            proposal is null ? null : new ProposedDecisionView(proposal.Outcome, proposal.ProposedBy, proposal.ProposedAt, ToView(proposal.Decision)),
            decision?.DecidedBy, decision?.CountersignedBy, row.Statements,
            [.. history.Select(h => new HistoryView(h.FromState, h.ToState, h.Action, h.ActorId, h.ActorRole, h.OccurredAt, h.Note))],
            [.. GuaranteeWorkflow.AllowedActions(rules, row.ToDomain(), today).Select(a => States.SnakeCase(a.ToString()))],
            row.RowVersion);
    }

    /// <summary>
    /// The examiner's view with the time limit. The diagnosis (asked of the Diagnosis service), like the register's live
    /// data, comes with GET …/applications/{id} only (<see cref="Application.Examination.ApplicationForExaminationHandler"/>).
    /// </summary>
    public static ExaminerApplicationView ForExaminer(ApplicationRow row, IReadOnlyList<HistoryRow> history, GuaranteeConfiguration config, DateTimeOffset now) =>
        ForExaminer(row, history, config.Workflow, ServiceClock.Today(now)) with { Deadline = Deadline(row, config.Workflow, now) };

    public static DecisionView ToView(DecisionRecord d) =>
        new(d.Outcome, d.DecidedAt, d.RiskGrade, d.RiskGradeText, d.Coverage, d.GuaranteedAmount, d.AnnualFeeRate, d.InstalmentFactor, d.Fee,
            d.Currency, d.Reasons, new ConfigurationRef(d.ConfigurationId, d.ConfigurationVersion));
}
