using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmePlatform.CreditGuarantee.Application.Notifications;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests;

/// <summary>What differs between the apps the tests start; the defaults are the service as configured for Development.</summary>
/// <param name="Clock">The service's clock (e.g. a FakeTimeProvider the test sets); the system clock when null.</param>
/// <param name="WebhookClock">The webhook dispatcher's clock only (backoff and the 24-hour cut-off without waiting).</param>
/// <param name="GrpcPort">Also listen on a gRPC port (HTTP/2 only), for the gRPC tests; REST only otherwise.</param>
/// <param name="Settings">Configuration that overrides the service's (e.g. the webhook address switches).</param>
public sealed record CreditGuaranteeOptions(
    TimeProvider? Clock = null,
    TimeProvider? WebhookClock = null,
    bool GrpcPort = false,
    IReadOnlyDictionary<string, string>? Settings = null);

/// <summary>
/// The real CreditGuarantee app on Kestrel, its own fresh database, the shared real RabbitMQ node, and a stand-in for
/// OneStop's register that speaks real gRPC (<see cref="StubRegister"/>): the service's own register client, service
/// token and error mapping run unchanged. The one factory of these tests; <see cref="CreditGuaranteeOptions"/> says what
/// differs. The path against the real OneStop is proven by Platform.Tests BankApiTests. The Diagnosis service is
/// absent unless a test starts the real one (<see cref="DiagnosisHost"/>) and points the service at it.
/// </summary>
public sealed class CreditGuaranteeFactory : ServiceUnderTest<Program>
{
    private readonly CreditGuaranteeOptions options;

    public CreditGuaranteeFactory(string connectionString, RabbitMqServer rabbitMq, StubRegister register, CreditGuaranteeOptions? options = null)
        : base(connectionString, rabbitMq)
    {
        Register = register;
        this.options = options ?? new CreditGuaranteeOptions();
        if (this.options.GrpcPort)
        {
            StartWithGrpcPort();
        }
        else
        {
            UseKestrel(0);
            StartServer();
        }
    }

    public StubRegister Register { get; }

    /// <summary>A client of the real socket with a test token for the role (and bank, subject or ward).</summary>
    public HttpClient ClientFor(string role, string? bankId = null, string? subject = null, string? ward = null) =>
        Anonymous().WithToken(TestTokens.Issue(role, ward: ward, bankId: bankId, subject: subject));

    public HttpClient Anonymous() => options.GrpcPort ? new HttpClient { BaseAddress = RestUrl } : CreateClient();

    /// <summary>A gRPC channel to the service's gRPC port as this bank (no client retries: each status as the server sent it).</summary>
    public GrpcChannel ChannelFor(string? bankId, string role = "bank") => GrpcChannels.For(GrpcUrl, TestTokens.Issue(role, bankId: bankId));

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Services:onestop:GrpcUrl", Register.GrpcUrl.ToString());
        builder.UseSetting("ServiceIdentity:TokenEndpoint", new Uri(Register.HttpUrl, "/connect/token").ToString());
        // No Diagnosis service unless a test starts one (Settings): nothing listens here, so a consented diagnosis is
        // unavailable, and a Diagnosis service running on the developer's machine is never asked.
        builder.UseSetting("Services:diagnosis:GrpcUrl", $"http://127.0.0.1:{FreePort.Next()}");
        if (options.GrpcPort)
        {
            builder.UseSetting("Webhooks:PollInterval", "00:00:00.050");
            builder.UseSetting("Webhooks:Timeout", "00:00:05");
        }

        foreach (var (key, value) in options.Settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (options.Clock is { } clock)
            {
                services.AddSingleton(clock);
            }

            if (options.WebhookClock is { } webhookClock)
            {
                services.AddKeyedSingleton(WebhookOptions.ClockKey, webhookClock);
            }
        });
    }
}
