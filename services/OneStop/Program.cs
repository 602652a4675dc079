using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Features.Enterprises;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("onestop");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("onestop");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<EnterpriseStore>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEnterpriseEndpoints();

await app.RunAsync();

public partial class Program;
