using SmePlatform.Diagnosis.Api;
using SmePlatform.Diagnosis.Application;
using SmePlatform.Diagnosis.Application.Configuration;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.Diagnosis.Application.Imports;
using SmePlatform.Diagnosis.Application.Peers;
using SmePlatform.Diagnosis.Application.Programme;
using SmePlatform.Diagnosis.Application.Referrals;
using SmePlatform.Diagnosis.Application.Statements;
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
        app.MapGrpcEndpoint().MapGrpcService<DiagnosesService>()
            .RequireAccess("another platform service, with the enterprise's consent in the request (FAILED_PRECONDITION without it)", Roles.Service);
        app.MapAuditTrail(Prefix);
        app.MapApiDocument(DiagnosisApiDocument.Document);
        return app;
    }
}
