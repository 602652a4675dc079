using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Features.BankApi;
using SmePlatform.CreditGuarantee.Features.Configuration;
using SmePlatform.CreditGuarantee.Features.Examination;
using SmePlatform.CreditGuarantee.Features.Notifications;
using SmePlatform.CreditGuarantee.Features.Portfolio;
using SmePlatform.CreditGuarantee.Grpc;
using SmePlatform.CreditGuarantee.Integration;
using SmePlatform.CreditGuarantee.Register;
using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("guarantee");
builder.AddServiceDatabase<Program>();
builder.Services.AddHostedService<StartupSeed>();
builder.AddMessaging("guarantee", bus => bus.AddConsumer<ReferralSentConsumer>(typeof(ReferralSentConsumerDefinition)));
builder.AddGrpcEndpoint();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEnterpriseRegister();
builder.Services.AddBankApiDocument();
builder.Services.AddBankNotifications(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcEndpoint().MapGrpcService<BankApplicationsService>()
    .RequireAccess("partner banks: own applications only (another bank's id answers NOT_FOUND)", Roles.Bank);
app.MapBankApplicationEndpoints();
app.MapBankGuaranteeEndpoints();
app.MapBankNotificationEndpoints();
app.MapBankApiDocument();
app.MapExaminerEndpoints();
app.MapGuaranteeStaffEndpoints();
app.MapConfigurationEndpoints();
app.MapPortfolioEndpoints();
app.MapAuditTrail("/api/guarantee");

await app.RunAsync();

public partial class Program;
