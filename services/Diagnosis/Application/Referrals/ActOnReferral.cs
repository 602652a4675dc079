using SmePlatform.ServiceDefaults.Http;
using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Referrals;

namespace SmePlatform.Diagnosis.Application.Referrals;

/// <summary>
/// What the advisor adds: <c>reason</c> to decline; <c>result</c> ("achieved" or "not-achieved") and <c>summary</c>
/// to report the outcome, with the <c>diagnosisId</c> that answered the referral when there is one.
/// </summary>
public sealed record ReferralActionBody(string? Reason = null, string? Result = null, string? Summary = null, Guid? DiagnosisId = null);

public sealed record ActOnReferralRequest(Guid ReferralId, ReferralAction Action, ReferralActionBody? Body);

/// <summary>
/// An advisor accepts, declines, starts or reports the outcome of a counter referral; each step sends the counter the
/// referral reply CreditGuarantee sends for its own referrals (docs/adr/0013-referral-replies-are-generic-events.md),
/// through the outbox in the same transaction as the change.
/// </summary>
public sealed class ActOnReferralHandler(UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Target = ReferralTargets.Diagnosis;
    public const int MaxTextLength = 2000;

    public async Task<Outcome<ReferralView>> HandleAsync(ActOnReferralRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body ?? new ReferralActionBody();
        var errors = new FieldErrors();
        if (request.Action == ReferralAction.Decline)
        {
            errors.AddIf(string.IsNullOrWhiteSpace(body.Reason), "reason", "Required: why, in words counter staff can pass on.");
        }

        if (request.Action == ReferralAction.ReportOutcome)
        {
            errors.AddIf(body.Result is not (ReferralResults.Achieved or ReferralResults.NotAchieved), "result", "\"achieved\" or \"not-achieved\".");
            errors.AddIf(string.IsNullOrWhiteSpace(body.Summary), "summary", "Required.");
        }

        errors.AddIf((body.Reason?.Length ?? 0) > MaxTextLength, "reason", $"At most {MaxTextLength} characters.");
        errors.AddIf((body.Summary?.Length ?? 0) > MaxTextLength, "summary", $"At most {MaxTextLength} characters.");
        if (errors.ToRefusal("The referral action has errors.") is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var actor = Actor.From(caller);
        await using var unit = await units.BeginAsync(ct);
        var referral = await ReferralStore.GetForUpdateAsync(unit, request.ReferralId, ct);
        if (referral is null)
        {
            return Refusal.NotFound("No such referral in the diagnosis queue.");
        }

        var state = Enum.Parse<ReferralState>(referral.State);
        var (next, refusal) = ReferralWork.Apply(state, request.Action);
        if (refusal is not null)
        {
            return Refusal.Conflict(refusal.Code, "The referral cannot take this action now.", refusal.Message)
                .With("state", WireStyle.Name(state)).With("allowedActions", ReferralWork.Allowed(state).Select(a => WireStyle.Name(a)).ToArray());
        }

        if (body.DiagnosisId is { } diagnosisId
            && await DiagnosisStore.EnterpriseOfAsync(unit, diagnosisId, ct) is var enterprise && enterprise != referral.EnterpriseId)
        {
            return Refusal.Invalid("The referral action has errors.", "diagnosisId", "No diagnosis of the referred enterprise has this id.");
        }

        var before = referral.State;
        referral.State = next!.Value.ToString();
        referral.Advisor ??= actor.Id;
        referral.DiagnosisId = body.DiagnosisId ?? referral.DiagnosisId;
        referral.UpdatedAt = now;
        ReferralStore.Update(unit, referral);
        var reference = referral.DiagnosisId?.ToString() ?? referral.ReferralId.ToString();
        object reply = request.Action switch
        {
            ReferralAction.Accept => new ReferralAccepted(referral.ReferralId, Target, reference, actor.Id, now),
            ReferralAction.Decline => new ReferralDeclined(referral.ReferralId, Target, body.Reason!.Trim(), actor.Id, now),
            ReferralAction.Start => new ReferralServiceStarted(referral.ReferralId, Target, reference, now),
            _ => new ReferralOutcomeReported(referral.ReferralId, Target, body.Result!, body.Summary!.Trim(), reference, now),
        };
        await EnqueueAsync(unit, reply, ct);
        await unit.AuditAsync(new AuditEntry(actor, "referral." + request.Action.ToString().ToLowerInvariant(), "referral", referral.ReferralId.ToString(),
            new { state = before }, new { state = referral.State, referral.DiagnosisId }), ct);
        await unit.CommitAsync(ct);
        return ReferralView.From(referral);
    }

    // The outbox records the message's own type, so each reply is enqueued as what it is.
    private static Task EnqueueAsync(UnitOfWork unit, object reply, CancellationToken ct) => reply switch
    {
        ReferralAccepted m => unit.EnqueueAsync(m, ct),
        ReferralDeclined m => unit.EnqueueAsync(m, ct),
        ReferralServiceStarted m => unit.EnqueueAsync(m, ct),
        ReferralOutcomeReported m => unit.EnqueueAsync(m, ct),
        _ => throw new InvalidOperationException("Not a referral reply."),
    };
}
