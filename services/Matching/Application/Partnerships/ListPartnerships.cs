using SmePlatform.ServiceDefaults.Http;
using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Matching.Application.Profiles;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Introductions;

namespace SmePlatform.Matching.Application.Partnerships;

/// <param name="IncludeClosed">Also the discontinued cases.</param>
public sealed record ListPartnershipsRequest(Guid EnterpriseId, bool IncludeClosed);

/// <summary>
/// One introduction the enterprise is a side of, from its side: the counterpart as the viewer may see it, who has
/// accepted, and the case's stage once both have ("introduced" before).
/// </summary>
public sealed record PartnershipView(Guid IntroductionId, Side Side, Guid NeedId, Guid OfferId, CounterpartView Counterpart, bool AcceptedByEnterprise,
    bool AcceptedByCounterpart, bool Revealed, Guid? CaseId, string Stage, DateTimeOffset StageSince, bool Stalled, ContractTerms? Contract);

public sealed record PartnershipsView(Guid EnterpriseId, string ProfileCode, IReadOnlyList<PartnershipView> Items);

/// <summary>
/// An enterprise's partnerships: pending introductions, open cases and signed contracts (discontinued ones on request).
/// Served on REST and on the gRPC port (smeplatform.matching.v1.Partnerships); the reveal rule is the viewer's
/// (<see cref="Viewer.SeesIdentity"/>): enterprise-facing callers get the counterpart's code only until both accepted.
/// </summary>
public sealed class ListPartnershipsHandler(ProfileStore profiles, IntroductionStore introductions, ConfigurationStore configuration, TimeProvider clock)
{
    public const string Introduced = "introduced";

    public async Task<Outcome<PartnershipsView>> HandleAsync(ListPartnershipsRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var enterpriseId = request.EnterpriseId;
        var viewer = Viewer.Of(caller);
        if (await profiles.FindByEnterpriseAsync(enterpriseId, ct) is not { } own || !viewer.MaySee(own.Enterprise.Ward))
        {
            return Refusal.NotFound("The enterprise has no partnering profile.");
        }

        var now = clock.GetUtcNow();
        var rules = (await configuration.CurrentAsync(ct)).Stages;
        var items = new List<PartnershipView>();
        foreach (var (introduction, @case) in await introductions.OfProfileAsync(own.Id, ct))
        {
            if (@case is { Stage: CaseStage.Discontinued } && !request.IncludeClosed)
            {
                continue;
            }

            var side = introduction.NeedingProfileId == own.Id ? Side.Needing : Side.Offering;
            var counterpartId = side == Side.Needing ? introduction.OfferingProfileId : introduction.NeedingProfileId;
            if (await profiles.FindAsync(counterpartId, ct) is not { } counterpart)
            {
                continue;
            }

            var other = side == Side.Needing ? Side.Offering : Side.Needing;
            items.Add(new PartnershipView(introduction.Id, side, introduction.NeedId, introduction.OfferId,
                CounterpartView.Of(counterpart.Profile, introduction.IsRevealed, viewer.SeesIdentity(introduction.IsRevealed)),
                introduction.AcceptanceOf(side) is not null, introduction.AcceptanceOf(other) is not null, introduction.IsRevealed, @case?.Id,
                @case is { } c ? WireStyle.Name(c.Stage) : Introduced, @case?.StageSince ?? introduction.ProposedAt, @case?.IsStalled(now, rules) ?? false,
                @case?.Contract));
        }

        return new PartnershipsView(enterpriseId, own.Code, items);
    }
}
