using SmePlatform.CreditGuarantee;
using SmePlatform.CreditGuarantee.Integration;
using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("guarantee");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("guarantee", bus => bus.AddCreditGuaranteeConsumers());
builder.AddCreditGuaranteeModule();
builder.AddGrpcEndpoint();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCreditGuaranteeModule();
await app.RunAsync();

public partial class Program;
