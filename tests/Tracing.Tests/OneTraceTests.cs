using System.Diagnostics;
using System.Net;
using Npgsql;
using SmePlatform.Testing;
using Xunit.Abstractions;

namespace SmePlatform.Tracing.Tests;

/// <summary>
/// One user action, one trace (ADR 0016): a registration enters at the gateway, is stored by OneStop with its event in
/// the outbox, relayed to RabbitMQ, consumed by ClusterStats and written to its database. Each hop is a span that must
/// carry the caller's trace id, and the hops must have happened in this order. The same for the gRPC hop: an operator's
/// rebuild enters at the gateway, ClusterStats reads OneStop's register over gRPC and writes its own database.
/// </summary>
public sealed class OneTraceTests(InfrastructureFixture infra, ITestOutputHelper output) : IClassFixture<InfrastructureFixture>, IAsyncLifetime
{
    private readonly SpanCollection spans = new();
    private OneStopHost oneStop = null!;
    private StatsHost stats = null!;
    private GatewayHost gateway = null!;
    private string oneStopDatabase = null!;
    private string statsDatabase = null!;

    public async Task InitializeAsync()
    {
        var oneStopConnection = await infra.Postgres.CreateDatabaseAsync();
        var statsConnection = await infra.Postgres.CreateDatabaseAsync();
        oneStopDatabase = new NpgsqlConnectionStringBuilder(oneStopConnection).Database!;
        statsDatabase = new NpgsqlConnectionStringBuilder(statsConnection).Database!;
        oneStop = new OneStopHost(oneStopConnection, infra.RabbitMq, spans);
        stats = new StatsHost(statsConnection, infra.RabbitMq, oneStop.VirtualHost.Name, oneStop.GrpcUrl, spans);
        gateway = new GatewayHost(oneStop.RestUrl, stats.Url, spans);
        using var probe = stats.CreateClient();
        await Poll.UntilAsync(async () => (await probe.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "ClusterStats to be ready (bus connected, queues bound)");
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await stats.DisposeAsync();
        await oneStop.DisposeAsync();
    }

    /// <summary>A step of the action, recognised by its span. A new hop (say a gRPC call) is one more entry, in its place.</summary>
    private sealed record Hop(string Name, Func<Activity, bool> Is);

    private IReadOnlyList<Hop> Hops() =>
    [
        new("the gateway receives the request", span => span.Kind == ActivityKind.Server && Tag(span, "http.route") == "/api/onestop/{**rest}"),
        new("the gateway forwards it to OneStop", span => span.Kind == ActivityKind.Client && Tag(span, "server.port") == oneStop.RestUrl.Port.ToString()),
        new("OneStop handles it", span => span.Kind == ActivityKind.Server && Tag(span, "http.route")?.TrimEnd('/') == "/api/onestop/enterprises"),
        new("OneStop stores the event in its outbox", span => IsDatabaseSpan(span, oneStopDatabase, "outbox_messages")),
        new("the relay publishes the outbox row", span => span.Source.Name == "SmePlatform.Messaging.Outbox" && span.Kind == ActivityKind.Producer),
        new("MassTransit sends it to RabbitMQ", span => span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Producer),
        new("ClusterStats consumes it", span => span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer && Mentions(span, "stats.")),
        new("ClusterStats counts it in its database", span => IsDatabaseSpan(span, statsDatabase, "registered_enterprises")),
    ];

    private IReadOnlyList<Hop> RebuildHops() =>
    [
        new("the gateway receives the rebuild", span => span.Kind == ActivityKind.Server && Tag(span, "http.route") == "/api/stats/{**rest}"),
        new("ClusterStats handles it", span => span.Kind == ActivityKind.Server && Tag(span, "http.route") == RebuildPath),
        new("ClusterStats calls OneStop over gRPC", span => span.Kind == ActivityKind.Client && Mentions(span, ListEnterprises)),
        new("OneStop serves the gRPC call", span => span.Kind == ActivityKind.Server && Mentions(span, ListEnterprises)),
        new("OneStop reads its register", span => IsDatabaseSpan(span, oneStopDatabase, "enterprises")),
        new("ClusterStats writes its projection", span => IsDatabaseSpan(span, statsDatabase, "registered_enterprises")),
    ];

    private const string RebuildPath = "/api/stats/projections/registered-enterprises/rebuild";

    private const string ListEnterprises = "smeplatform.onestop.v1.EnterpriseDirectory/ListEnterprises";

    [Fact]
    public async Task A_registration_at_the_gateway_is_one_trace_down_to_ClusterStats_database()
    {
        var traceId = ActivityTraceId.CreateRandom();
        Assert.Equal(HttpStatusCode.Created, await RegisterAsync(traceId));
        await AssertOneTraceAsync(traceId, Hops());
    }

    [Fact]
    public async Task A_rebuild_at_the_gateway_is_one_trace_through_the_gRPC_hop_to_both_databases()
    {
        // Something for the rebuild to write: one enterprise in the register (its own trace).
        Assert.Equal(HttpStatusCode.Created, await RegisterAsync(ActivityTraceId.CreateRandom()));

        var traceId = ActivityTraceId.CreateRandom();
        using var admin = gateway.CreateClient().WithToken(TestTokens.Issue("admin"));
        using var request = new HttpRequestMessage(HttpMethod.Post, RebuildPath);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await AssertOneTraceAsync(traceId, RebuildHops());
    }

    private async Task<HttpStatusCode> RegisterAsync(ActivityTraceId traceId)
    {
        using var client = gateway.CreateClient().WithToken(TestTokens.Issue("counter_staff", ward: "heping"));
        using var request = TestEnterprises.Registration(new TestEnterprise
        {
            Name = $"沈阳精工机械{Guid.NewGuid():N}有限公司", Employees = 120, AnnualRevenue = 45_000_000m, TotalAssets = 30_000_000m, ConfirmNotDuplicate = false,
        });
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task AssertOneTraceAsync(ActivityTraceId traceId, IReadOnlyList<Hop> hops)
    {
        Activity?[] found;
        try
        {
            found = await Poll.UntilAsync(() => Task.FromResult(Find(hops, spans.InTrace(traceId))), all => all.All(span => span is not null),
                TimeSpan.FromSeconds(30), "every hop to end a span in the trace");
        }
        catch (Exception)
        {
            Describe(traceId);
            throw;
        }

        // Causes start before their effects: a hop recognised by the wrong span would break the order.
        for (var i = 1; i < hops.Count; i++)
        {
            Assert.True(found[i - 1]!.StartTimeUtc <= found[i]!.StartTimeUtc, $"'{hops[i - 1].Name}' started after '{hops[i].Name}'");
        }

        Assert.Empty(spans.InTrace(ActivityTraceId.CreateRandom()));
    }

    private static Activity?[] Find(IReadOnlyList<Hop> hops, IReadOnlyList<Activity> trace) =>
        [.. hops.Select(hop => trace.FirstOrDefault(hop.Is))];

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private static bool Mentions(Activity span, string text) =>
        span.DisplayName.Contains(text, StringComparison.Ordinal)
        || span.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(text, StringComparison.Ordinal) == true);

    private static bool IsDatabaseSpan(Activity span, string database, string table) =>
        span.Source.Name == "Npgsql" && span.TagObjects.Any(tag => Equals(tag.Value, database)) && Mentions(span, table);

    /// <summary>On failure, what the trace held: which hop is missing is then plain.</summary>
    private void Describe(ActivityTraceId traceId)
    {
        foreach (var span in spans.InTrace(traceId))
        {
            output.WriteLine($"{span.Source.Name} {span.Kind} '{span.DisplayName}' " +
                string.Join(", ", span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}")));
        }
    }
}
