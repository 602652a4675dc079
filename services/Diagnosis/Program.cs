using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("diagnosis");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("diagnosis");

var app = builder.Build();
app.MapDefaultEndpoints();

await app.RunAsync();

public partial class Program;
