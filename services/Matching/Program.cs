using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching");
builder.AddServiceDatabase();
builder.AddMessaging("matching");

var app = builder.Build();
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<Program>();
await app.RunAsync();

public partial class Program;
