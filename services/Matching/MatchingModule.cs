using SmePlatform.Matching.Api;
using SmePlatform.Matching.Application.Cases;
using SmePlatform.Matching.Application.Configuration;
using SmePlatform.Matching.Application.Introductions;
using SmePlatform.Matching.Application.Partnerships;
using SmePlatform.Matching.Application.Profiles;
using SmePlatform.Matching.Application.Referrals;
using SmePlatform.Matching.Application.Suggestions;
using SmePlatform.Matching.Clients;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Grpc;
using SmePlatform.Matching.Integration;
using SmePlatform.Messaging.Referrals;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching;

/// <summary>The partnership-matching service's parts: stores, handlers, the register client, the API and its document.</summary>
public static class MatchingModule
{
    public const string Prefix = "/api/matching";

    public static WebApplicationBuilder AddMatchingModule(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ConfigurationStore>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<SuggestionStore>();
        services.AddSingleton<IntroductionStore>();
        services.AddSingleton<ReferralStore>();
        services.AddHostedService<PresetSeed>();
        services.AddEnterpriseRegister();
        services.AddSingleton<SuggestionEngine>();
        services.AddSingleton<CaseLoader>();
        services.AddSingleton<CreateProfileHandler>();
        services.AddSingleton<GetProfileHandler>();
        services.AddSingleton<ReviewProfileHandler>();
        services.AddSingleton<PublishProfileHandler>();
        services.AddSingleton<FollowRegisterHandler>();
        services.AddSingleton<RenewProfileHandler>();
        services.AddSingleton<ListRenewalsDueHandler>();
        services.AddSingleton<RefreshSuggestionsHandler>();
        services.AddSingleton<SuggestionRefreshJob>();
        services.AddHostedService(provider => provider.GetRequiredService<SuggestionRefreshJob>());
        services.AddSingleton<GetSuggestionsHandler>();
        services.AddSingleton<DismissSuggestionHandler>();
        services.AddSingleton<ProposeIntroductionHandler>();
        services.AddSingleton<GetIntroductionHandler>();
        services.AddSingleton<RecordAcceptanceHandler>();
        services.AddSingleton<GetCaseHandler>();
        services.AddSingleton<MoveCaseHandler>();
        services.AddSingleton<RecordRatingHandler>();
        services.AddSingleton<CaseReferralStore>();
        services.AddSingleton<IRequestedReferrals, CaseReferralProgress>();
        services.AddOneStopReferrals();
        services.AddTransient<StartGuaranteeReferralHandler>();
        services.AddSingleton<ListReferralsHandler>();
        services.AddSingleton<AnswerReferralHandler>();
        services.AddSingleton<GetConfigurationHandler>();
        services.AddSingleton<ListPartnershipsHandler>();
        services.AddSingleton<ChangeConfigurationHandler>();
        services.AddApiDocument(MatchingApiDocument.Document);
        return builder;
    }

    public static WebApplication MapMatchingModule(this WebApplication app)
    {
        var api = app.MapGroup(Prefix);
        api.MapProfileEndpoints();
        api.MapSuggestionEndpoints();
        api.MapIntroductionEndpoints();
        api.MapCaseEndpoints();
        api.MapReferralEndpoints();
        api.MapConfigurationEndpoints();
        api.MapPartnershipEndpoints();
        app.MapGrpcEndpoint().MapGrpcService<PartnershipsService>()
            .RequireAccess("other platform services (counterparts anonymous until the reveal), intermediaries and the SME Office (with identities)",
                Roles.Service, Roles.Intermediary, Roles.SmeOffice);
        app.MapAuditTrail(Prefix);
        app.MapApiDocument(MatchingApiDocument.Document);
        return app;
    }
}
