using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SmePlatform.Application;
using SmePlatform.Calendar;
using SmePlatform.Contracts;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The examiners' API under /api/guarantee: the work queue (all, unassigned, mine, overdue, with counts), an application
/// in full (register data, exposure, the borrower's other applications, timeline, time limit, diagnosis), self-assignment,
/// the decision with its reasons, the second examiner's countersignature (four-eyes) and conditions met. Examiners act;
/// the SME Office and administrators read. docs/guarantee-rules.md "Examiner API".
/// </summary>
public static class ExaminerEndpoints
{
    public const int DefaultPageSize = ApplicationListQuery.DefaultPageSize;
    public const int MaxPageSize = ApplicationListQuery.MaxPageSize;
    public const int MaxTextLength = 2000;
    private const string CityWide = "every application, city-wide";

    public static readonly IReadOnlyList<string> Queues = ["all", "unassigned", "mine", "overdue"];

    public static readonly IReadOnlyList<string> DecisionOutcomes = ["approve", "approve_with_conditions", "decline", "request_information"];

    public static IEndpointRouteBuilder MapExaminerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantee/applications").WithTags("Examination");
        group.MapGet("/", QueueAsync).WithName("ExaminationQueue")
            .RequireAccess(CityWide + " (read)", Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetApplicationForExamination")
            .RequireAccess(CityWide + " (read)", Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        group.MapPost("/{id:guid}/assignment", AssignAsync).WithName("AssignExaminer")
            .RequireAccess("examiners assign themselves", Roles.Examiner);
        group.MapPost("/{id:guid}/decision", DecideAsync).WithName("DecideApplication")
            .RequireAccess("the assigned examiner decides", Roles.Examiner);
        group.MapPost("/{id:guid}/countersignature", CountersignAsync).WithName("CountersignApproval")
            .RequireAccess("the second examiner countersigns (four-eyes)", Roles.Examiner);
        group.MapPost("/{id:guid}/conditions/{number:int}/met", MeetConditionAsync).WithName("MeetCondition")
            .RequireAccess("examiners record a condition as met", Roles.Examiner);
        return routes;
    }

    public sealed record AssignmentRequest(string? As);

    public sealed record ConditionRequest(string? Text, string? Reason);

    /// <param name="Outcome">approve, approve_with_conditions, decline or request_information.</param>
    /// <param name="RowVersion">Optional: the rowVersion the examiner looked at; a newer one refuses the decision.</param>
    public sealed record DecisionRequest(string? Outcome, IReadOnlyList<ConditionRequest>? Conditions, string? Reason, string? Question, int? RowVersion);

    public sealed record ConditionMetRequest(string? Evidence);

    /// <param name="dataSource">Planned per query (never prepared): the queue's filters are one statement whose best plan depends on
    /// which queue and status the examiner asks for; a generic plan would serve every queue with one scan.</param>
    internal static async Task<Results<Ok<QueuePage>, ValidationProblem>> QueueAsync(ClaimsPrincipal user,
        [FromKeyedServices(DataExtensions.PlannedPerQuery)] NpgsqlDataSource dataSource, TimeProvider clock,
        string? queue, string? status, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        queue ??= "all";
        if (!Queues.Contains(queue))
        {
            errors["queue"] = [$"Use one of {string.Join(", ", Queues)}."];
        }

        var after = ApplicationListQuery.Validate(status, cursor, limit, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemDetailsDefaults.TypeBase + "validation");
        }

        var now = clock.GetUtcNow();
        var take = limit ?? DefaultPageSize;
        var me = user.Id() ?? "";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var config = await ConfigurationStore.CurrentAsync(connection, null, ServiceClock.Today(now), cancellationToken);
        var overdueBefore = ExaminationTimeLimit.OverdueBefore(WorkingDayCalendar.China, config.Workflow, now);
        var rows = await ExaminerQueries.QueueAsync(connection, status, queue, me, overdueBefore, after, take + 1, cancellationToken);
        var counts = await ExaminerQueries.CountsAsync(connection, status, me, overdueBefore, cancellationToken);
        var page = rows.Take(take).ToList();
        return TypedResults.Ok(new QueuePage([.. page.Select(r => ApplicationViews.QueueItem(r, config.Workflow, now))],
            rows.Count > take ? Cursor.Format(page[^1].SubmittedAt, page[^1].Id) : null, counts, config.Workflow.ExaminationTimeLimitWorkingDays));
    }

    /// <summary>
    /// The application in full for examination: the examiner's view, plus the register's live data (asked over gRPC while
    /// the database is read; a register that does not answer leaves the stored snapshot, never an error), today's exposure
    /// against every cap, and the borrower's other applications at any bank.
    /// </summary>
    internal static async Task<IResult> GetAsync(Guid id, NpgsqlDataSource dataSource, UnitOfWorkFactory units, IEnterpriseRegister register, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = ServiceClock.Today(now);
        ApplicationRow row;
        IReadOnlyList<HistoryRow> history;
        GuaranteeConfiguration config;
        Task<RegisterAnswer> registered;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (await ApplicationStore.FindAsync(connection, null, id, null, cancellationToken) is not { } found)
            {
                return Refusals.NotFound().ToProblem();
            }

            row = found;
            // Asked first: the register's round trip overlaps the database reads below.
            registered = register.FindByUsccAsync(row.Uscc, cancellationToken);
            history = await ApplicationStore.HistoryAsync(connection, null, id, cancellationToken);
            config = await ConfigurationStore.CurrentAsync(connection, null, today, cancellationToken);
        }

        var section = row.IndustryCode.Length > 0 ? row.IndustryCode[0] : '?';
        var subject = new ScreeningSubject(row.Id, row.BankId, today, section, row.Ward);
        ExposureSnapshot exposure;
        IReadOnlyList<BorrowerApplicationRow> others;
        await using (var unit = await units.BeginAsync(cancellationToken))
        {
            // Read only: the unit of work is never committed; ExposureAsync is the very query the decision uses.
            exposure = await ApplicationStore.ExposureAsync(unit, row.Id, row.EnterpriseId, row.BankId, section, row.Ward, cancellationToken);
            others = await ExaminerQueries.OtherApplicationsAsync(unit.Connection, row.EnterpriseId, row.Id, cancellationToken);
        }

        decimal? guaranteed = LoanRequest.Validate(config, row.Loan).Count == 0 ? CoverageCalculator.Compute(config, row.Loan).GuaranteedAmount : null;
        var exposureSection = new ExposureSection(today, guaranteed, ExposureHeadroom.For(config, subject, exposure),
            guaranteed is { } amount ? Screening.Limits(config, subject, exposure, amount).Checks : [], Money.Currency);
        return TypedResults.Ok(ApplicationViews.ForExaminer(row, history, config, now) with
        {
            Register = ApplicationViews.Register(row, await registered),
            Exposure = exposureSection,
            OtherApplications = [.. others.Select(o => ApplicationViews.Borrower(o, row, config.Workflow))],
        });
    }

    internal static Task<IResult> AssignAsync(Guid id, AssignmentRequest? request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var role = request?.As ?? "examiner";
        if (role is not ("examiner" or "second_examiner"))
        {
            return Task.FromResult(Validation("as", "examiner (the default) or second_examiner."));
        }

        var me = user.Id() ?? "";
        return ExamineAsync(id, user, units, clock, lockExposure: false, null, "application.examiner_assigned",
            (_, _, _) => Task.FromResult(Step.Do(role == "examiner" ? new AssignExaminer(me) : new AssignSecondExaminer(me), Examiner(user))),
            cancellationToken);
    }

    internal static Task<IResult> DecideAsync(Guid id, DecisionRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var outcome = request.Outcome?.Trim().ToLowerInvariant();
        if (outcome is null || !DecisionOutcomes.Contains(outcome))
        {
            errors["outcome"] = [$"Required: one of {string.Join(", ", DecisionOutcomes)}."];
        }

        var conditions = new List<ProposedCondition>();
        var given = request.Conditions ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(given[i]?.Text) || string.IsNullOrWhiteSpace(given[i]?.Reason)
                || given[i].Text!.Length > MaxTextLength || given[i].Reason!.Length > MaxTextLength)
            {
                errors[$"conditions[{i}]"] = [$"A condition has a text and a reason (each at most {MaxTextLength} characters)."];
            }
            else
            {
                conditions.Add(new ProposedCondition(given[i].Text!.Trim(), given[i].Reason!.Trim()));
            }
        }

        switch (outcome)
        {
            case "approve_with_conditions" when given.Count == 0:
                errors["conditions"] = ["An approval with conditions lists at least one condition, each with its reason."];
                break;
            case "approve" when given.Count > 0:
                errors["conditions"] = ["Conditions go with approve_with_conditions."];
                break;
            case "decline" when string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxTextLength:
                errors["reason"] = [$"Required: why the application is declined, in words the bank understands (at most {MaxTextLength} characters)."];
                break;
            case "request_information" when string.IsNullOrWhiteSpace(request.Question) || request.Question.Length > MaxTextLength:
                errors["question"] = [$"Required: what the bank must provide (at most {MaxTextLength} characters)."];
                break;
            default:
                break;
        }

        if (errors.Count > 0)
        {
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(errors, title: "The decision cannot be recorded as sent.",
                type: ProblemDetailsDefaults.TypeBase + "validation"));
        }

        var actor = Examiner(user);
        var approving = outcome is "approve" or "approve_with_conditions";
        return ExamineAsync(id, user, units, clock, lockExposure: approving, request.RowVersion, "application.decided",
            async (unit, row, config) =>
            {
                var now = clock.GetUtcNow();
                switch (outcome)
                {
                    case "decline":
                        return Step.Do(new Decline(request.Reason!), actor, r =>
                        {
                            var decision = new DecisionRecord(Outcomes.Declined, actor.Id, null, now, null, null, null, null, null, null, null, Money.Currency,
                                [], [request.Reason!.Trim()], config.Id, config.Version);
                            r.Decision = StoredJson.Write(decision);
                            r.ProposedDecision = null;
                            return ApplicationWorkflow.DecidedEvent(r, decision);
                        });
                    case "request_information":
                        return Step.Do(new RequestInformation(request.Question!), actor, r =>
                        {
                            r.InformationRequest = request.Question!.Trim();
                            return null;
                        });
                    default:
                        return await ApproveAsync(unit, row, config, actor, countersignedBy: null, conditions, now, cancellationToken);
                }
            },
            cancellationToken);
    }

    internal static Task<IResult> CountersignAsync(Guid id, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, CancellationToken cancellationToken) =>
        ExamineAsync(id, user, units, clock, lockExposure: true, null, "application.countersigned",
            async (unit, row, config) =>
            {
                if (row.ProposedDecisionRecord is not { } proposal || row.Examiner is null)
                {
                    return Step.Refuse(Refusals.Rule("workflow-rule", "There is no approval waiting for a countersignature.",
                        "The assigned examiner proposes the approval first (POST …/decision); the second examiner then countersigns it.",
                        "four_eyes.no_proposal"));
                }

                var me = user.Id() ?? "";
                if (me != row.SecondExaminer)
                {
                    return Step.Refuse(Refusals.Rule("workflow-rule", "Only the second examiner countersigns.",
                        $"The approval is countersigned by the second examiner ({row.SecondExaminer ?? "none assigned"}), a different person from the examiner who proposed it.",
                        "four_eyes.countersignature"));
                }

                return await ApproveAsync(unit, row, config, new WorkflowActor(row.Examiner, ActorRole.Examiner), me, proposal.Conditions,
                    clock.GetUtcNow(), cancellationToken);
            },
            cancellationToken);

    internal static Task<IResult> MeetConditionAsync(Guid id, int number, ConditionMetRequest request, ClaimsPrincipal user, UnitOfWorkFactory units,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Evidence) || request.Evidence.Length > MaxTextLength)
        {
            return Task.FromResult(Validation("evidence", $"Required: the evidence seen that the condition is met (at most {MaxTextLength} characters)."));
        }

        return ExamineAsync(id, user, units, clock, lockExposure: false, null, "application.condition_met",
            (_, row, _) =>
            {
                var actions = new List<(WorkflowAction, WorkflowActor)> { (new MeetCondition(number, request.Evidence), Examiner(user)) };
                var othersMet = row.ConditionList.Where(c => c.Number != number).All(c => c.Met);
                if (row.DisbursementRecord is not null && othersMet)
                {
                    // The issuance gate holds: disbursed, and this was the last unmet condition.
                    actions.Add((new Issue(), ApplicationWorkflow.System));
                }

                return Task.FromResult(new Step(actions, null, r => r.StateValue == ApplicationState.Issued && r.DisbursementRecord is { } d
                    ? new GuaranteeIssued(r.Id, r.BankId, r.EnterpriseId, r.GuaranteedAmount ?? 0, d.Amount, d.On, clock.GetUtcNow())
                    : null));
            },
            cancellationToken);
    }

    /// <summary>
    /// Computes the decision (grade, coverage, fee, limits with today's exposure) and approves, or, above the four-eyes
    /// threshold without a countersignature, stores it as a proposal for the second examiner. Outside a limit: refused.
    /// </summary>
    private static async Task<Step> ApproveAsync(UnitOfWork unit, ApplicationRow row, GuaranteeConfiguration config, WorkflowActor examiner,
        string? countersignedBy, IReadOnlyList<ProposedCondition> conditions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var section = row.IndustryCode.Length > 0 ? row.IndustryCode[0] : '?';
        var today = ServiceClock.Today(now);
        var subject = new ScreeningSubject(row.Id, row.BankId, today, section, row.Ward);
        var exposure = await ApplicationStore.ExposureAsync(unit, row.Id, row.EnterpriseId, row.BankId, section, row.Ward, cancellationToken);
        // No diagnosis source exists yet (the Diagnosis service is planned): with consent, the decision gets none and
        // grades on the statements; once the service answers, its summary goes here in place of null.
        var diagnosis = DiagnosisUses.Evaluate(config.Grading, row.ConsentDiagnosis, latest: null, today);
        var input = new DecisionInput(row.Loan, row.Statements, diagnosis.ForDecision, subject, exposure, conditions, today);
        var invalid = GuaranteeDecisions.Validate(config, input);
        if (invalid.Count > 0)
        {
            return Step.Refuse(Refusals.Rule("decision-input", "The application's data cannot be decided under the configuration in force.",
                string.Join(" ", invalid.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), "decision.input_invalid"));
        }

        var decision = GuaranteeDecisions.Decide(config, input);
        var outcome = conditions.Count == 0 ? Outcomes.Approved : Outcomes.ApprovedWithConditions;
        WorkflowAction action = conditions.Count == 0
            ? new Approve(decision.Coverage.GuaranteedAmount, countersignedBy)
            : new ApproveWithConditions(decision.Coverage.GuaranteedAmount, [.. conditions.Select(c => c.Text)], countersignedBy);
        var record = new DecisionRecord(outcome, examiner.Id, countersignedBy, now, decision.Risk.Grade.Number, decision.Risk.Grade.ToString(),
            decision.Coverage.Coverage, decision.Coverage.GuaranteedAmount, decision.Fee.AnnualRate, decision.Fee.InstalmentFactor, decision.Fee.Fee,
            Money.Currency, conditions, decision.Reasons, config.Id, config.Version);
        var refusedByLimits = decision.WithinLimits ? null : Refusals.Rule("limits-exceeded", "Approving would breach a limit of the fund.",
            string.Join(" ", decision.Limits.Failures.Select(f => f.Text)), "decision.limits");
        // Name the caps in machine-readable form too (limit.bank_cap, limit.fund_leverage …), for the portal and tests.
        refusedByLimits = refusedByLimits?.With("failedRules", decision.Limits.Failures.Select(f => f.Code).ToArray());

        var needsCountersignature = GuaranteeWorkflow.NeedsSecondExaminer(config.Workflow, row.ToDomain()) && countersignedBy is null;
        if (needsCountersignature)
        {
            // Only the checks the domain would make before the countersignature; the approval itself waits for it.
            if (!GuaranteeWorkflow.Transitions.ContainsKey((row.StateValue, action.Kind)))
            {
                return Step.Do(action, examiner);
            }

            if (row.Examiner != examiner.Id)
            {
                return Step.Refuse(Refusals.Rule("workflow-rule", "Only the assigned examiner decides.",
                    $"The assigned examiner is {row.Examiner ?? "nobody yet: assign yourself first"}.", "examiner.not_assigned"));
            }

            if (row.SecondExaminer is null)
            {
                return Step.Refuse(Refusals.Rule("workflow-rule", "This loan needs a second examiner.",
                    $"Loans above {Money.Format(config.Workflow.SecondExaminerAboveLoanAmount)} are countersigned by a second, different examiner; one assigns themselves first.",
                    "four_eyes.second_examiner_missing"));
            }

            if (refusedByLimits is not null)
            {
                return Step.Refuse(refusedByLimits);
            }

            return new Step([], null, r =>
            {
                r.ProposedDecision = StoredJson.Write(new ProposedDecisionRecord(outcome, examiner.Id, now, conditions, record));
                return null;
            }, Accepted: true);
        }

        return new Step([(action, examiner)], refusedByLimits, r =>
        {
            r.Decision = StoredJson.Write(record);
            r.ProposedDecision = null;
            r.InformationRequest = null;
            return ApplicationWorkflow.DecidedEvent(r, record);
        }, CheckWorkflowFirst: true);
    }

    /// <summary>
    /// What an examiner's request does: workflow actions, or a refusal; then changes to the row that the workflow does not
    /// make (decision, proposal, question), returning the event they cause. <see cref="Accepted"/>: stored, not decided (202).
    /// </summary>
    private sealed record Step(
        IReadOnlyList<(WorkflowAction Action, WorkflowActor Actor)> Actions,
        Refusal? Refusal,
        Func<ApplicationRow, IIntegrationEvent?>? Then,
        bool Accepted = false,
        bool CheckWorkflowFirst = false)
    {
        public static Step Do(WorkflowAction action, WorkflowActor actor, Func<ApplicationRow, IIntegrationEvent?>? then = null) => new([(action, actor)], null, then);

        public static Step Refuse(Refusal problem) => new([], problem, null);
    }

    private static async Task<IResult> ExamineAsync(Guid id, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, bool lockExposure,
        int? expectedRowVersion, string auditAction, Func<UnitOfWork, ApplicationRow, GuaranteeConfiguration, Task<Step>> decide,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(cancellationToken);
        if (lockExposure)
        {
            // Approvals one at a time: two examiners approving at once cannot together breach a cap.
            await ApplicationStore.LockExposureAsync(unit, cancellationToken);
        }

        if (await ApplicationStore.FindAsync(unit.Connection, unit.Transaction, id, null, cancellationToken) is not { } row)
        {
            return Refusals.NotFound().ToProblem();
        }

        if (expectedRowVersion is { } expected && expected != row.RowVersion)
        {
            return Refusals.ConcurrentChange(id).ToProblem();
        }

        var config = await ConfigurationStore.CurrentAsync(unit.Connection, unit.Transaction, ServiceClock.Today(now), cancellationToken);
        var step = await decide(unit, row, config);
        if (step.Refusal is not null && !step.CheckWorkflowFirst)
        {
            return step.Refusal.ToProblem();
        }

        var before = ApplicationSnapshot.Of(row);
        var (transitions, error) = ApplicationWorkflow.Apply(config.Workflow, row, step.Actions, now);
        if (error is not null)
        {
            return Refusals.Transition(error).ToProblem();
        }

        if (step.Refusal is not null)
        {
            return step.Refusal.ToProblem();
        }

        var cause = step.Then?.Invoke(row);
        if (!await ApplicationWorkflow.SaveAsync(unit, row, before, transitions, Actor.From(user),
                step.Accepted ? "application.approval_proposed" : auditAction, now, cancellationToken))
        {
            return Refusals.ConcurrentChange(id).ToProblem();
        }

        if (cause is not null)
        {
            await (cause switch
            {
                GuaranteeDecided decided => unit.EnqueueAsync(decided, cancellationToken),
                GuaranteeIssued issued => unit.EnqueueAsync(issued, cancellationToken),
                _ => throw new InvalidOperationException($"No outbox mapping for {cause.GetType().Name}."),
            });
        }

        var history = await ApplicationStore.HistoryAsync(unit, id, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        var view = ApplicationViews.ForExaminer(row, history, config, now);
        return step.Accepted ? TypedResults.Accepted($"/api/guarantee/applications/{id}", view) : TypedResults.Ok(view);
    }

    private static WorkflowActor Examiner(ClaimsPrincipal user) => new(user.Id() ?? "", ActorRole.Examiner);

    private static IResult Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: "The request cannot be accepted as sent.", type: ProblemDetailsDefaults.TypeBase + "validation");
}
