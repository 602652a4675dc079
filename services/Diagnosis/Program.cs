using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("diagnosis");
builder.AddServiceDatabase();
builder.AddMessaging("diagnosis");

var app = builder.Build();
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<Program>();
await app.RunAsync();

public partial class Program;
