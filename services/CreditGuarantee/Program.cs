using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Features.BankApi;
using SmePlatform.CreditGuarantee.Features.Configuration;
using SmePlatform.CreditGuarantee.Features.Examination;
using SmePlatform.CreditGuarantee.Features.Portfolio;
using SmePlatform.CreditGuarantee.Integration;
using SmePlatform.CreditGuarantee.Register;
using SmePlatform.Data;
using SmePlatform.Grpc.Server;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("guarantee");
builder.AddServiceDatabase<Program>();
builder.Services.AddHostedService<StartupSeed>();
builder.AddMessaging("guarantee", bus => bus.AddConsumer<ReferralSentConsumer>(typeof(ReferralSentConsumerDefinition)));
builder.AddGrpcEndpoint();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEnterpriseRegister(builder.Configuration);
builder.Services.AddBankApiDocument();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcEndpoint();
app.MapBankApplicationEndpoints();
app.MapBankGuaranteeEndpoints();
app.MapBankApiDocument();
app.MapExaminerEndpoints();
app.MapGuaranteeStaffEndpoints();
app.MapConfigurationEndpoints();
app.MapPortfolioEndpoints();
app.MapAuditTrail("/api/guarantee");

await app.RunAsync();

public partial class Program;
