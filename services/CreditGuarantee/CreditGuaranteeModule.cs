using SmePlatform.CreditGuarantee.Api;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Application.Examination;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Grpc;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee;

/// <summary>
/// Everything the credit guarantee service adds to the platform's defaults: its clock, stores, use cases, the register
/// and Diagnosis clients, the webhook dispatcher and the partner-bank API document (<see cref="AddCreditGuaranteeModule"/>); its REST
/// groups, the served gRPC API and the audit trail (<see cref="MapCreditGuaranteeModule"/>).
/// </summary>
public static class CreditGuaranteeModule
{
    public static WebApplicationBuilder AddCreditGuaranteeModule(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<StartupSeed>();
        services.AddStores();
        services.AddUseCases();
        services.AddEnterpriseRegister();
        services.AddDiagnosisSource();
        services.AddBankApiDocument();
        services.AddApiDocument(GuaranteeApiDocument.Document);
        services.AddBankNotifications(builder.Configuration);
        return builder;
    }

    /// <summary>The stores the endpoints read and write through (all SQL is under Data/).</summary>
    private static void AddStores(this IServiceCollection services)
    {
        services.AddSingleton<ApplicationWatch>();
        services.AddSingleton<BankNotificationStore>();
        services.AddSingleton<ConfigurationVersions>();
        services.AddSingleton<PartnerAgreementStore>();
        services.AddSingleton<PortfolioQueries>();
    }

    /// <summary>The use cases (one per file under Application/), with what they share: the bank's Idempotency-Keys, the write runners.</summary>
    private static void AddUseCases(this IServiceCollection services)
    {
        services.AddSingleton(new IdempotencyKeys("bank_id"));
        services.AddSingleton<IdempotentWrites>();
        services.AddSingleton<BankWrites>();
        services.AddSingleton<ExaminerWrites>();
        services.AddSingleton<ApprovalDecisions>();
        services.AddSingleton<DiagnosisReads>();
        services.AddScoped<SubmitApplicationHandler>();
        services.AddScoped<GetBankApplicationHandler>();
        services.AddScoped<ListBankApplicationsHandler>();
        services.AddScoped<AnswerInformationRequestHandler>();
        services.AddScoped<ReportDisbursementHandler>();
        services.AddScoped<ReportRepaymentHandler>();
        services.AddScoped<ReportDefaultHandler>();
        services.AddScoped<FileClaimHandler>();
        services.AddScoped<ReportRecoveryHandler>();
        services.AddScoped<WithdrawApplicationHandler>();
        services.AddScoped<ExaminationQueueHandler>();
        services.AddScoped<ApplicationForExaminationHandler>();
        services.AddScoped<AssignExaminerHandler>();
        services.AddScoped<ReassignExaminerHandler>();
        services.AddScoped<DecideApplicationHandler>();
        services.AddScoped<CountersignApprovalHandler>();
        services.AddScoped<RecordConditionMetHandler>();
        services.AddScoped<RecordFeeReceivedHandler>();
        services.AddScoped<PayClaimHandler>();
        services.AddScoped<CloseGuaranteeHandler>();
    }

    public static WebApplication MapCreditGuaranteeModule(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcEndpoint().MapGrpcService<BankApplicationsService>()
            .RequireAccess("partner banks: own applications only (another bank's id answers NOT_FOUND)", Roles.Bank);
        app.MapBankApplicationEndpoints();
        app.MapBankGuaranteeEndpoints();
        app.MapBankNotificationEndpoints();
        app.MapBankApiDocument();
        app.MapApiDocument(GuaranteeApiDocument.Document);
        app.MapExaminerEndpoints();
        app.MapGuaranteeStaffEndpoints();
        app.MapConfigurationEndpoints();
        app.MapPortfolioEndpoints();
        app.MapAuditTrail("/api/guarantee");
        return app;
    }
}
