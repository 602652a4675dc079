using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Matching;
using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Introductions;
using SmePlatform.Matching.Domain.Profiles;
using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Application.Introductions;

/// <summary>One side's acceptance: which side, how it was given (channel) and when.</summary>
public sealed record RecordAcceptanceRequest(Guid Id, string? Side, string? Channel, DateTimeOffset? GivenAt);

/// <summary>
/// An intermediary records one side's acceptance. The second acceptance reveals the identities (audited) and opens the
/// intermediated case at Enquiry. Each enterprise's timeline hears of it through <see cref="IntroductionAccepted"/>,
/// naming the counterpart only once revealed.
/// </summary>
public sealed class RecordAcceptanceHandler(ProfileStore profiles, IntroductionStore introductions, UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Title = "The acceptance cannot be recorded.";

    public async Task<Outcome<IntroductionView>> HandleAsync(RecordAcceptanceRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var sideOk = WireNames.TryParse(request.Side, out Side side);
        errors.AddIf(!sideOk, "side", "needing or offering.");
        var channelOk = WireNames.TryParse(request.Channel, out AcceptanceChannel channel);
        errors.AddIf(!channelOk, "channel", $"How the acceptance was given: {WireNames.List<AcceptanceChannel>()}.");
        errors.AddIf(request.GivenAt is null, "givenAt", "When the enterprise gave its acceptance.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        if (await introductions.FindAsync(request.Id, ct) is not { } found)
        {
            return Refusal.NotFound("No such introduction.");
        }

        var now = clock.GetUtcNow();
        var viewer = Viewer.Of(caller);
        var before = found.Introduction;
        var accepted = before.Accept(side, channel, request.GivenAt!.Value, viewer.Id, now);
        if (!accepted.Ok)
        {
            return DomainRefusals.From(Title, accepted.Errors);
        }

        var after = accepted.Value!;
        var needing = (await profiles.FindAsync(after.NeedingProfileId, ct))!.Value.Profile;
        var offering = (await profiles.FindAsync(after.OfferingProfileId, ct))!.Value.Profile;
        await using var unit = await units.BeginAsync(ct);
        if (!await IntroductionStore.UpdateAsync(unit, before, after, ct))
        {
            return DomainRefusals.ChangedMeanwhile("introduction");
        }

        var actor = Actor.From(caller);
        await unit.AuditAsync(new AuditEntry(actor, "introduction.accepted", "introduction", after.Id.ToString(), null,
            new { side, channel, request.GivenAt }), ct);
        Guid? caseId = null;
        if (after.IsRevealed)
        {
            await Announce(unit, after, needing, offering, Side.Needing, now, ct);
            await Announce(unit, after, offering, needing, Side.Offering, now, ct);
            await unit.AuditAsync(new AuditEntry(actor, "introduction.revealed", "introduction", after.Id.ToString(), null,
                new { needing = needing.Enterprise.EnterpriseId, offering = offering.Enterprise.EnterpriseId, after.RevealedAt }), ct);
            var opened = PartnershipCase.Open(Guid.CreateVersion7(), after.Id, viewer.Id, now);
            IntroductionStore.InsertCase(unit, opened, now);
            await unit.AuditAsync(new AuditEntry(actor, "case.opened", "case", opened.Id.ToString(), null, new { opened.Stage, after.Id }), ct);
            caseId = opened.Id;
        }
        else
        {
            var (self, other) = side == Side.Needing ? (needing, offering) : (offering, needing);
            await Announce(unit, after, self, other, side, now, ct);
        }

        await unit.CommitAsync(ct);
        return IntroductionView.Of(after, needing, offering, viewer, caseId);
    }

    /// <summary>The event for <paramref name="self"/>'s timeline: the counterpart by code, and by identity only once revealed.</summary>
    private static Task Announce(SmePlatform.Data.UnitOfWork unit, Introduction i, PartneringProfile self, PartneringProfile other, Side side,
        DateTimeOffset now, CancellationToken ct) =>
        unit.EnqueueAsync(new IntroductionAccepted(i.Id, self.Enterprise.EnterpriseId, side.ToString(), other.Code, i.IsRevealed,
            i.IsRevealed ? other.Enterprise.EnterpriseId : null, i.IsRevealed ? other.Enterprise.Name : null, now), ct);
}
