using SmePlatform.Diagnosis.Api;
using SmePlatform.Diagnosis.Application;
using SmePlatform.Diagnosis.Application.Configuration;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.Diagnosis.Application.Imports;
using SmePlatform.Diagnosis.Application.Peers;
using SmePlatform.Diagnosis.Application.Programme;
using SmePlatform.Diagnosis.Application.Referrals;
using SmePlatform.Diagnosis.Application.Statements;
using SmePlatform.Diagnosis.Clients;
using SmePlatform.Diagnosis.Integration;
using SmePlatform.Messaging.Referrals;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Grpc;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Diagnosis;

/// <summary>The Diagnosis service's parts: stores, handlers, REST endpoints under /api/diagnosis, the gRPC service, the API document.</summary>
public static class DiagnosisModule
{
    public const string Prefix = "/api/diagnosis";

    public static WebApplicationBuilder AddDiagnosisModule(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.Configure<DiagnosisOptions>(builder.Configuration.GetSection("Diagnosis"));
        services.AddSingleton<StatementStore>();
        services.AddSingleton<DiagnosisStore>();
        services.AddSingleton<RulesStore>();
        services.AddSingleton<ReferralStore>();
        services.AddSingleton<RecommendationReferralStore>();
        services.AddSingleton<IRequestedReferrals, RecommendationReferralProgress>();
        services.AddOneStopReferrals();
        services.AddTransient<ReferRecommendationHandler>();
        services.AddSingleton<RunDiagnosisHandler>();
        services.AddSingleton<GetDiagnosisHandler>();
        services.AddSingleton<ListDiagnosesHandler>();
        services.AddSingleton<GetLatestDiagnosisHandler>();
        services.AddSingleton<PutStatementHandler>();
        services.AddSingleton<ListStatementsHandler>();
        services.AddSingleton<GetBandTableHandler>();
        services.AddSingleton<GetCatalogueHandler>();
        services.AddSingleton<ListReferralsHandler>();
        services.AddSingleton<ActOnReferralHandler>();
        services.AddSingleton<ImportStatementsHandler>();
        services.AddClusterRegistry();
        services.AddSingleton<ComparePeersHandler>();
        services.AddSingleton<CompareDiagnosesHandler>();
        services.AddSingleton<ProgrammeStore>();
        services.AddSingleton<ListCandidatesHandler>();
        services.AddSingleton<RecordIntakeHandler>();
        services.AddSingleton<GetIntakeHandler>();
        services.AddApiDocument(DiagnosisApiDocument.Document);
        return builder;
    }

    public static WebApplication MapDiagnosisModule(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(Prefix);
        api.MapDiagnosisEndpoints();
        api.MapStatementEndpoints();
        api.MapImportEndpoints();
        api.MapProgrammeEndpoints();
        api.MapConfigurationEndpoints();
        api.MapReferralEndpoints();
        var readers = LatestReaders(app.Configuration);
        app.MapGrpcEndpoint().MapGrpcService<DiagnosesService>()
            .RequireAccess($"the service identities {string.Join(", ", readers)} only (CreditGuarantee), with the enterprise's consent in the request (FAILED_PRECONDITION without it)",
                Roles.Service)
            // Role service is every platform service's; diagnoses are confidential, so the client itself is named too.
            .RequireAuthorization(policy => policy.RequireClaim(PlatformClaims.Subject, readers));
        app.MapAuditTrail(Prefix);
        app.MapApiDocument(DiagnosisApiDocument.Document);
        return app;
    }

    /// <summary>
    /// The service clients (token subject) that may read a latest diagnosis: configuration <c>Diagnosis:LatestReaders</c>,
    /// else CreditGuarantee's client only (docs/adr/0059).
    /// </summary>
    public static IReadOnlyList<string> LatestReaders(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetSection("Diagnosis:LatestReaders").Get<string[]>();
        return configured is { Length: > 0 } ? configured : [DefaultLatestReader];
    }

    public const string DefaultLatestReader = "guarantee-service";
}
