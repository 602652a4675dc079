using SmePlatform.Data;
using SmePlatform.Diagnosis;
using SmePlatform.Diagnosis.Integration;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("diagnosis");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("diagnosis", bus => bus.AddDiagnosisConsumers());
builder.AddDiagnosisModule();
builder.AddGrpcEndpoint();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDiagnosisModule();
await app.RunAsync();

public partial class Program;
