using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Application.Referrals;

/// <summary>What an intermediary does with a referral: take it on, start working on it, or report its outcome.</summary>
public enum ReferralStep
{
    Accept,
    Start,
    Outcome,
}

/// <param name="Result">For the outcome: "achieved" or "not-achieved".</param>
public sealed record AnswerReferralRequest(Guid ReferralId, ReferralStep Step, string? Result, string? Summary, string? Reference);

/// <summary>
/// Accept, start and outcome travel back to OneStop as the referral replies every receiving service sends
/// (<see cref="ReferralAccepted"/>, <see cref="ReferralServiceStarted"/>, <see cref="ReferralOutcomeReported"/>), through
/// the outbox with the state change. The receiver's reference is the referral id until a profile exists, then the profile's.
/// </summary>
public sealed class AnswerReferralHandler(ReferralStore referrals, UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Target = ReferralTargets.PartnershipMatching;
    public const string Title = "The referral cannot be answered.";

    public async Task<Outcome<ReferralView>> HandleAsync(AnswerReferralRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var result = request.Result?.Trim();
        var summary = request.Summary?.Trim() ?? "";
        if (request.Step == ReferralStep.Outcome
            && new FieldErrors()
                .AddIf(result is not (ReferralResults.Achieved or ReferralResults.NotAchieved), "result", "achieved or not-achieved.")
                .AddIf(summary.Length is 0 or > 1000, "summary", "What came of it, in at most 1000 characters, for the counter to pass on.")
                .ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        if (await referrals.FindAsync(request.ReferralId, ct) is not { } row)
        {
            return Refusal.NotFound("No such referral.");
        }

        var (from, to) = request.Step switch
        {
            ReferralStep.Accept => ("Queued", "Accepted"),
            ReferralStep.Start => ("Accepted", "Started"),
            _ => ("Started", "Closed"),
        };
        if (row.State != from)
        {
            return Refusal.Conflict("referral-state", Title, $"The referral is {WireNames.Convert(row.State)}; {WireNames.Name(request.Step)} applies to a referral that is {WireNames.Convert(from)}.")
                .With("state", WireNames.Convert(row.State));
        }

        var now = clock.GetUtcNow();
        var by = Viewer.Of(caller).Id;
        var reference = string.IsNullOrWhiteSpace(request.Reference) ? row.ReferralId.ToString() : request.Reference.Trim();
        await using var unit = await units.BeginAsync(ct);
        if (!await ReferralStore.MoveAsync(unit, row.ReferralId, from, to, request.Step == ReferralStep.Accept ? by : null, result, now, ct))
        {
            return DomainRefusals.ChangedMeanwhile("referral");
        }

        // Each reply as its own type: the outbox names the message by its static type.
        _ = request.Step switch
        {
            ReferralStep.Accept => await unit.EnqueueAsync(new ReferralAccepted(row.ReferralId, Target, reference, by, now), ct),
            ReferralStep.Start => await unit.EnqueueAsync(new ReferralServiceStarted(row.ReferralId, Target, reference, now), ct),
            _ => await unit.EnqueueAsync(new ReferralOutcomeReported(row.ReferralId, Target, result!, summary, reference, now), ct),
        };
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "referral." + request.Step.ToString().ToLowerInvariant(), "referral",
            row.ReferralId.ToString(), new { row.State }, new { State = to, result, summary }), ct);
        await unit.CommitAsync(ct);
        return ReferralView.Of((await referrals.FindAsync(row.ReferralId, ct))!);
    }
}
