using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Features.Cases;
using SmePlatform.OneStop.Features.Catalogue;
using SmePlatform.OneStop.Features.Counters;
using SmePlatform.OneStop.Features.Documentation;
using SmePlatform.OneStop.Features.Enterprises;
using SmePlatform.OneStop.Features.SizeRuleSets;
using SmePlatform.OneStop.Features.Referrals;
using SmePlatform.OneStop.Features.Timeline;
using SmePlatform.OneStop.Grpc;
using SmePlatform.OneStop.Integration;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("onestop");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("onestop", bus => bus.AddReferralReplyConsumers().AddTimelineConsumers());
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<RegisterStore>();
builder.Services.AddSizeRuleSets();
builder.Services.AddSingleton<TicketStore>();
builder.Services.AddSingleton<CaseStore>();
builder.Services.AddSingleton<CaseRecordStore>();
builder.Services.AddSingleton<ProcedureStore>();
builder.AddOverdueCaseJob();
builder.AddReferrals();
builder.AddTimeline();
OneStopDapper.Register();
builder.AddGrpcEndpoint();
builder.Services.AddOneStopApiDocument();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEnterpriseEndpoints();
app.MapSizeRuleSetEndpoints();
app.MapCounterEndpoints();
app.MapCaseEndpoints();
app.MapCaseRecordEndpoints();
app.MapCatalogueEndpoints();
app.MapOneStopApiDocument();
app.MapReferralEndpoints();
app.MapTimelineEndpoints();
app.MapGrpcEndpoint().MapGrpcService<EnterpriseDirectoryService>()
    .RequireAccess("counter staff: own ward only; other staff and services: city-wide",
        Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin, Roles.Service);
app.MapAuditTrail("/api/onestop");

await app.RunAsync();

public partial class Program;
