using SmePlatform.Contracts.Guarantee.V1;
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
using SmePlatform.Grpc.Server;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("guarantee");
builder.AddServiceDatabase<Program>();
builder.Services.AddHostedService<StartupSeed>();
builder.AddMessaging("guarantee", bus => bus.AddConsumer<ReferralSentConsumer>(typeof(ReferralSentConsumerDefinition)));
builder.AddGrpcEndpoint();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEnterpriseRegister(builder.Configuration);
builder.Services.AddBankApiDocument();
builder.Services.AddBankNotifications(builder.Configuration);
builder.Services.AddScoped<BankApplicationsService>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcEndpoint().MapGrpcService<BankApplicationsService>(BankApplicationsReflection.Descriptor.Services[0])
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
