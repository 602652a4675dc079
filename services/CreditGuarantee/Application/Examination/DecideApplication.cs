using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Examination;

public sealed record ConditionRequest(string? Text, string? Reason);

/// <param name="Outcome">approve, approve_with_conditions, decline or request_information.</param>
public sealed record DecisionRequest(string? Outcome, IReadOnlyList<ConditionRequest>? Conditions, string? Reason, string? Question);

/// <summary>
/// The assigned examiner decides: approve (with conditions), decline with the reason, or ask the bank for information.
/// Approvals are computed and checked against the limits (<see cref="ApprovalDecisions"/>); above the four-eyes threshold
/// they wait for the second examiner's countersignature.
/// </summary>
public sealed class DecideApplicationHandler(ExaminerWrites writes, ApprovalDecisions approvals, DiagnosisReads diagnoses)
{
    public const int MaxTextLength = 2000;

    public static readonly IReadOnlyList<string> DecisionOutcomes = ["approve", "approve_with_conditions", "decline", "request_information"];

    public async Task<Outcome<ExaminerAnswer>> HandleAsync(ExaminerWrite<DecisionRequest> request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var (outcome, conditions, errors) = Validate(body);
        if (errors.ToRefusal("The decision cannot be recorded as sent.") is { } invalid)
        {
            return invalid;
        }

        var examiner = ExaminerWrites.Examiner(caller);
        var approving = outcome is "approve" or "approve_with_conditions";
        // Read before the write's transaction: the exposure lock is never held while another service is asked.
        var diagnosis = approving ? await diagnoses.ForApprovalAsync(request.ApplicationId, cancellationToken) : DiagnosisRead.NotAsked;
        var step = new ExaminerStep("application.decided", async (unit, row, config) => outcome switch
        {
            "decline" => new LifecycleStep([(new Decline(body.Reason!), examiner)], Then: (r, _) =>
            {
                var decision = new DecisionRecord(Outcomes.Declined, examiner.Id, null, writes.Now, null, null, null, null, null, null, null,
                    Money.Currency, [], [body.Reason!.Trim()], config.Id, config.Version);
                r.Decision = StoredJson.Write(decision);
                r.ProposedDecision = null;
                return ApplicationWorkflow.DecidedEvent(r, decision);
            }),
            "request_information" => new LifecycleStep([(new RequestInformation(body.Question!), examiner)], Then: (r, _) =>
            {
                r.InformationRequest = body.Question!.Trim();
                return null;
            }),
            _ => await approvals.ApproveAsync(unit, row, config, examiner, countersignedBy: null, conditions, diagnosis, writes.Now, cancellationToken),
        }, LockExposure: approving);
        return await writes.RunAsync(request.ApplicationId, request.IfMatch, step, caller, cancellationToken);
    }

    private static (string? Outcome, List<ProposedCondition> Conditions, FieldErrors Errors) Validate(DecisionRequest body)
    {
        var errors = new FieldErrors();
        var outcome = body.Outcome?.Trim().ToLowerInvariant();
        errors.AddIf(outcome is null || !DecisionOutcomes.Contains(outcome), "outcome", $"Required: one of {string.Join(", ", DecisionOutcomes)}.");
        var conditions = new List<ProposedCondition>();
        var given = body.Conditions ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(given[i]?.Text) || string.IsNullOrWhiteSpace(given[i]?.Reason)
                || given[i].Text!.Length > MaxTextLength || given[i].Reason!.Length > MaxTextLength)
            {
                errors.Add($"conditions[{i}]", $"A condition has a text and a reason (each at most {MaxTextLength} characters).");
            }
            else
            {
                conditions.Add(new ProposedCondition(given[i].Text!.Trim(), given[i].Reason!.Trim()));
            }
        }

        errors.AddIf(outcome == "approve_with_conditions" && given.Count == 0, "conditions",
            "An approval with conditions lists at least one condition, each with its reason.");
        errors.AddIf(outcome == "approve" && given.Count > 0, "conditions", "Conditions go with approve_with_conditions.");
        errors.AddIf(outcome == "decline" && (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > MaxTextLength), "reason",
            $"Required: why the application is declined, in words the bank understands (at most {MaxTextLength} characters).");
        errors.AddIf(outcome == "request_information" && (string.IsNullOrWhiteSpace(body.Question) || body.Question.Length > MaxTextLength), "question",
            $"Required: what the bank must provide (at most {MaxTextLength} characters).");
        return (outcome, conditions, errors);
    }
}
