using SmePlatform.ServiceDefaults.Http;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.Matching.V1;
using SmePlatform.Matching.Application.Partnerships;
using SmePlatform.Matching.Application.Profiles;
using SmePlatform.Matching.Application.Suggestions;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.Matching.Grpc;

/// <summary>
/// smeplatform.matching.v1.Partnerships: an enterprise's partnerships and a need's suggestions for other services, through
/// the same use cases as /api/matching (who may call it: MatchingModule; the reveal rule: Application/Viewer).
/// </summary>
public sealed class PartnershipsService(ListPartnershipsHandler partnerships, GetSuggestionsHandler suggestions) : Partnerships.PartnershipsBase
{
    public override async Task<PartnershipList> ListPartnerships(Contracts.Matching.V1.ListPartnershipsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var enterpriseId = ParseId(request.EnterpriseId, "enterprise_id", "The enterprise's register id (a UUID).");
        var outcome = await partnerships.HandleAsync(new Application.Partnerships.ListPartnershipsRequest(enterpriseId, request.IncludeClosed),
            context.GetHttpContext().User, context.CancellationToken);
        return outcome.Match(ToMessage, refusal => throw refusal.ToRpcException());
    }

    public override async Task<SuggestionList> GetSuggestions(Contracts.Matching.V1.GetSuggestionsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var needId = ParseId(request.NeedId, "need_id", "The need's id (a UUID).");
        var outcome = await suggestions.HandleAsync(new Application.Suggestions.GetSuggestionsRequest(needId, IncludeDismissed: false),
            context.GetHttpContext().User, context.CancellationToken);
        return outcome.Match(ToMessage, refusal => throw refusal.ToRpcException());
    }

    private static Guid ParseId(string value, string field, string message) =>
        Guid.TryParse(value, out var id) ? id : throw GrpcErrors.InvalidArgument(field, message);

    public static PartnershipList ToMessage(PartnershipsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var list = new PartnershipList { EnterpriseId = view.EnterpriseId.ToString(), ProfileCode = view.ProfileCode };
        list.Partnerships.Add(view.Items.Select(p => new Partnership
        {
            IntroductionId = p.IntroductionId.ToString(),
            Side = WireStyle.Name(p.Side),
            NeedId = p.NeedId.ToString(),
            OfferId = p.OfferId.ToString(),
            Counterpart = ToMessage(p.Counterpart),
            AcceptedByEnterprise = p.AcceptedByEnterprise,
            AcceptedByCounterpart = p.AcceptedByCounterpart,
            Revealed = p.Revealed,
            CaseId = p.CaseId?.ToString() ?? "",
            Stage = p.Stage,
            StageSince = Timestamp.FromDateTimeOffset(p.StageSince),
            Stalled = p.Stalled,
            ContractValue = p.Contract is { } c ? ToDecimalValue(c.Value) : null,
            ContractCurrency = p.Contract?.Currency ?? "",
        }));
        return list;
    }

    public static SuggestionList ToMessage(SuggestionsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var list = new SuggestionList { NeedId = view.NeedId.ToString() };
        foreach (var s in view.Items)
        {
            var suggestion = new Suggestion
            {
                OfferId = s.OfferId.ToString(),
                Score = s.Score,
                WeightsVersion = s.WeightsVersion,
                ComputedAt = Timestamp.FromDateTimeOffset(s.ComputedAt),
                OfferType = WireStyle.Name(s.Offer.Type),
                OfferTitle = s.Offer.Title,
                Counterpart = ToMessage(s.Counterpart),
            };
            suggestion.Reasons.Add(s.Reasons.Select(r => new ScoreReason { Component = r.Component, Points = r.Points, MaxPoints = r.MaxPoints, Reason = r.Reason }));
            list.Suggestions.Add(suggestion);
        }

        return list;
    }

    private static Counterpart ToMessage(CounterpartView view)
    {
        var counterpart = new Counterpart
        {
            Code = view.Code,
            Ward = view.Ward,
            IdentityShown = view.Identity is not null,
            EnterpriseId = view.Identity?.EnterpriseId.ToString() ?? "",
            Name = view.Identity?.Name ?? "",
            Uscc = view.Identity?.Uscc ?? "",
        };
        counterpart.IndustryCodes.Add(view.IndustryCodes);
        counterpart.Certifications.Add(view.Certifications);
        return counterpart;
    }

    private static DecimalValue ToDecimalValue(decimal value)
    {
        var units = decimal.Truncate(value);
        return new DecimalValue { Units = (long)units, Nanos = (int)decimal.Truncate((value - units) * 1_000_000_000m) };
    }
}
