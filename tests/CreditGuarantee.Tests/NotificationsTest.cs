using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SmePlatform.CreditGuarantee.Application.Notifications;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests;

/// <summary>
/// The webhook dispatcher's clock in these tests: real time plus an offset the test moves, so backoff and the 24-hour
/// cut-off pass without waiting. Not a FakeTimeProvider: deliveries are stamped by the service's own (system) clock while
/// the test runs, and a frozen clock would never reach their next attempt.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

/// <summary>
/// A bank's webhook receiver on a loopback port: records every request (headers and body bytes) and answers with
/// <see cref="Answer"/>, which tests set (e.g. fail the first attempts).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status code for the n-th request (1-based) of an event id; 200 by default.</summary>
    public Func<string, int, int> Answer { get; set; } = (_, _) => StatusCodes.Status200OK;

    public sealed record Received(string EventId, string? Signature, string? DeliveryId, string? ContentType, byte[] Body, int AnsweredWith);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}/hooks/guarantee"));
        app.MapPost("/hooks/guarantee", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var eventId = request.Headers[WebhookSignature.EventIdHeader].ToString();
            var nth = receiver.Requests.Count(r => r.EventId == eventId) + 1;
            var status = receiver.Answer(eventId, nth);
            receiver.Requests.Enqueue(new Received(eventId, request.Headers[WebhookSignature.Header], request.Headers[WebhookSignature.DeliveryIdHeader],
                request.ContentType, buffer.ToArray(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>A test class of bank notifications: a fresh app and database per test, two banks and an examiner signed in.</summary>
public abstract class NotificationsTest(InfrastructureFixture infra) : IAsyncLifetime
{
    protected StubRegister Register { get; private set; } = null!;

    protected CreditGuaranteeFactory Factory { get; private set; } = null!;

    /// <summary>The webhook dispatcher's clock.</summary>
    protected ShiftedClock Clock { get; } = new();

    /// <summary>ccb-shenyang.</summary>
    protected HttpClient Bank { get; private set; } = null!;

    /// <summary>huaxia-shenyang.</summary>
    protected HttpClient OtherBank { get; private set; } = null!;

    protected HttpClient Li { get; private set; } = null!;

    /// <summary>Configuration for the app under test (none: the Development defaults).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        Register = await StubRegister.StartAsync();
        Factory = new CreditGuaranteeFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, Register,
            new CreditGuaranteeOptions(WebhookClock: Clock, GrpcPort: true, Settings: Settings));
        Bank = Factory.ClientFor("bank", bankId: "ccb-shenyang");
        OtherBank = Factory.ClientFor("bank", bankId: "huaxia-shenyang");
        Li = Factory.ClientFor("examiner", subject: "examiner.li");
    }

    public virtual async Task DisposeAsync()
    {
        Bank.Dispose();
        OtherBank.Dispose();
        Li.Dispose();
        await Factory.DisposeAsync();
        await Register.DisposeAsync();
    }

    protected const string Examination = "/api/guarantee/applications";

    /// <summary>A new application of this bank, screened into examination.</summary>
    protected async Task<Guid> SubmitAsync(HttpClient bank)
    {
        var (response, body) = await bank.SubmitAsync(Bodies.Application(Register.Add()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("under_examination", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>Examiner Li takes the application and asks the bank a question (under_examination → more_information_requested).</summary>
    protected async Task RequestInformationAsync(Guid id, string question = "Send the 2025 audited statements.")
    {
        var (assigned, _) = await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var (asked, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "request_information", question });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
    }

    protected async Task DeclineAsync(Guid id)
    {
        var (declined, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "decline", reason = "Cash flow does not cover the instalments." });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
    }
}
