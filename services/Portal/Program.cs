using SmePlatform.Portal;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("portal");
builder.AddPortalModule();
var app = builder.Build();
app.UsePortalForwardedHeaders();
app.MapDefaultEndpoints();
app.MapPortalModule();
await app.RunAsync();

public partial class Program;
