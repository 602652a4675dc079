using SmePlatform.Data;
using SmePlatform.OneStop.Api;
using SmePlatform.OneStop.Application.Cases;
using SmePlatform.OneStop.Application.Enterprises;
using SmePlatform.OneStop.Application.Referrals;
using SmePlatform.OneStop.Application.SizeRuleSets;
using SmePlatform.OneStop.Application.Timeline;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Grpc;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop;

/// <summary>
/// Everything OneStop adds to the platform's defaults: its stores, use cases, background jobs and API document, and the
/// REST, gRPC and audit endpoints it maps. Program.cs calls these two and nothing else of OneStop's.
/// </summary>
public static class OneStopModule
{
    public static WebApplicationBuilder AddOneStopModule(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        OneStopDapper.Register();

        // Stores: one instance each, over the service's data source.
        services.AddSingleton<RegisterStore>();
        services.AddSingleton<SizeRuleSetStore>();
        services.AddSingleton<ReclassificationJobs>();
        services.AddSingleton<TicketStore>();
        services.AddSingleton<CaseStore>();
        services.AddSingleton<CaseRecordStore>();
        services.AddSingleton<ProcedureStore>();
        services.AddSingleton<ReferralStore>();
        services.AddSingleton<TimelineStore>();
        services.AddSingleton<AuditHistoryStore>();

        // The Idempotency-Key of registrations, kept per caller (the token's subject) with the first answer.
        services.AddSingleton(new IdempotencyKeys("caller_id"));
        services.AddSingleton<IdempotentWrites>();

        services.AddEnterpriseUseCases();
        services.AddSingleton<ReadTimelineHandler>();

        // Background work: reclassification after a new size rule set, the daily overdue run, the referral acceptance timer.
        services.AddSingleton<ReclassificationSignal>();
        services.AddHostedService<ReclassificationWorker>();
        services.Configure<OverdueCaseJobOptions>(builder.Configuration.GetSection(OverdueCaseJobOptions.Section));
        services.AddHostedService<OverdueCaseJob>();
        services.AddOptions<ReferralOptions>().Bind(builder.Configuration.GetSection("Referrals"))
            .Validate(o => o.AcceptanceWorkingDays is >= 0 and <= 60, "Referrals:AcceptanceWorkingDays is 0 to 60 working days.")
            .Validate(o => o.TimerInterval > TimeSpan.Zero && o.TimerFirstRunAfter >= TimeSpan.Zero, "Referrals:TimerInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ReferralAcceptanceTimer>();
        services.AddSingleton<RequestReferralHandler>();
        services.AddHostedService(provider => provider.GetRequiredService<ReferralAcceptanceTimer>());

        services.AddApiDocument(OneStopApiDocument.Document);
        return builder;
    }

    public static WebApplication MapOneStopModule(this WebApplication app)
    {
        app.MapEnterpriseEndpoints();
        app.MapSizeRuleSetEndpoints();
        app.MapCounterEndpoints();
        app.MapCaseEndpoints();
        app.MapCaseRecordEndpoints();
        app.MapCatalogueEndpoints();
        app.MapReferralEndpoints();
        app.MapTimelineEndpoints();
        app.MapApiDocument(OneStopApiDocument.Document);
        var grpc = app.MapGrpcEndpoint();
        grpc.MapGrpcService<EnterpriseDirectoryService>()
            .RequireAccess("counter staff: own ward only; other staff and services: city-wide",
                Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin, Roles.Service);
        var requesters = RequesterClients(app.Configuration);
        grpc.MapGrpcService<ReferralDeskService>()
            .RequireAccess($"the service identities {string.Join(", ", requesters)} only (Diagnosis, Matching): referrals sent on behalf of their advisors and intermediaries",
                Roles.Service)
            // Role service is every platform service's; asking for referrals is named per client (docs/adr/0068).
            .RequireAuthorization(policy => policy.RequireClaim(PlatformClaims.Subject, requesters));
        app.MapAuditTrail("/api/onestop");
        return app;
    }

    /// <summary>The service clients that may ask for referrals: the keys of <c>Referrals:Requesters</c>, else the defaults.</summary>
    public static IReadOnlyList<string> RequesterClients(IConfiguration configuration)
    {
        var options = new ReferralOptions();
        configuration.GetSection("Referrals").Bind(options);
        return [.. options.EffectiveRequesters.Keys];
    }
}
