using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;
using Xunit.Abstractions;

namespace SmePlatform.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class EnterpriseFlowTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static object Registration(string ward, string industry = "C3511") => new
    {
        uscc = Uscc.New(),
        name = $"沈阳精工机械{Guid.NewGuid():N}有限公司", // distinct: the ward screens for similar names
        ward,
        industryCode = industry,
        employees = 120,
        annualRevenue = 45_000_000m,
        totalAssets = 30_000_000m,
    };

    private Task<int> StatsCountFor(string ward) => StatisticsRegister.CountOfAsync(platform, ward);

    [Fact]
    public async Task The_gateway_reports_each_service_ready()
    {
        using var response = await platform.Gateway.GetAsync("/health/ready");
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var service in new[] { "onestop", "guarantee", "diagnosis", "matching", "stats" })
        {
            Assert.Equal("Healthy", health.GetProperty("checks").GetProperty(service).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_registration_through_the_gateway_is_counted_by_ClusterStats_through_the_gateway()
    {
        var before = await StatsCountFor("shenhe");

        using var response = await platform.Gateway.PostAsJsonAsync("/api/onestop/enterprises", Registration("shenhe"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.GetAsync($"/api/onestop/enterprises/{id}")).StatusCode);

        // OneStop → outbox → relay → RabbitMQ → ClusterStats inbox → counts, all real.
        var counted = await Poll.UntilAsync(() => StatisticsRegister.EnterprisesOfAsync(platform, "shenhe"), ids => ids.Contains(id),
            TimeSpan.FromSeconds(30), "ClusterStats to count it");
        Assert.Equal(before + 1, counted.Count);
    }

    [Fact]
    public async Task One_trace_runs_from_the_client_through_RabbitMQ_to_the_consumer()
    {
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/onestop/enterprises")
        {
            Content = JsonContent.Create(Registration("huanggu")),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");
        using var response = await platform.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await using var onestop = new NpgsqlConnection(platform.DatabaseOf("onestop"));
        var (messageId, traceParent) = await onestop.QuerySingleAsync<(Guid, string)>(
            "SELECT id, trace_parent FROM outbox_messages WHERE payload->>'enterpriseId' = @id", new { id = id.ToString() });
        Assert.Contains(traceId, traceParent, StringComparison.Ordinal);

        await using var stats = new NpgsqlConnection(platform.DatabaseOf("stats"));
        var consumedIn = await Poll.UntilAsync(
            () => stats.ExecuteScalarAsync<string?>("SELECT trace_id FROM inbox_messages WHERE message_id = @messageId", new { messageId }),
            trace => trace is not null, TimeSpan.FromSeconds(30), "ClusterStats to consume the event");
        Assert.Equal(traceId, consumedIn);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_at_the_gateway_or_service_with_a_problem()
    {
        using var content = new StringContent("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}", System.Text.Encoding.UTF8, "application/json");
        using var response = await platform.Gateway.PostAsync("/api/onestop/enterprises", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Killing_OneStop_while_it_relays_loses_nothing_acknowledged_and_doubles_nothing()
    {
        const string ward = "faku";
        const int target = 300;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        using var stop = new CancellationTokenSource();

        async Task Register()
        {
            while (!stop.IsCancellationRequested && acknowledged.Count < target)
            {
                try
                {
                    using var response = await platform.Gateway.PostAsJsonAsync("/api/onestop/enterprises", Registration(ward), stop.Token);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    // In flight when OneStop died: not acknowledged, so it may or may not exist. Both are fine.
                }
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(Register)).ToArray();
        await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count), n => n >= 120, TimeSpan.FromSeconds(60), "120 acknowledged registrations");
        platform.Kill("onestop");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        await using var onestop = new NpgsqlConnection(platform.DatabaseOf("onestop"));
        var pendingAtCrash = await onestop.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL");
        output.WriteLine($"acknowledged {acknowledged.Count}, unpublished outbox rows at the crash {pendingAtCrash}");

        await platform.StartAsync("onestop");

        // Manufacturing only: the count below is the firm list of the ward's section C cell, and other tests register
        // enterprises of other sections in this ward.
        var stored = await onestop.QueryAsync<Guid>("SELECT id FROM enterprises WHERE ward = @ward AND industry_code LIKE 'C%'", new { ward });
        var storedIds = stored.ToHashSet();
        Assert.Subset(storedIds, acknowledged.ToHashSet());
        await Poll.UntilAsync(
            async () => await onestop.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL"),
            pending => pending == 0, TimeSpan.FromSeconds(60), "the restarted relay to publish every row");
        // Rows the dead relay had published but not yet marked go out again; ClusterStats' inbox must absorb them,
        // so the count reaches the stored number and never passes it.
        var counted = await Poll.UntilAsync(() => StatsCountFor(ward), n => n >= storedIds.Count, TimeSpan.FromSeconds(60),
            $"ClusterStats to count all {storedIds.Count} enterprises of {ward}");
        Assert.Equal(storedIds.Count, counted);
    }
}
