using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.Testing;
using Xunit.Abstractions;

namespace SmePlatform.Platform.Tests;

/// <summary>gRPC across the running platform: health on every service, ClusterStats rebuilding from OneStop, partners through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GrpcPlatformTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const string RebuildPath = "/api/stats/projections/registered-enterprises/rebuild";

    private static readonly string[] Services = ["onestop", "guarantee", "diagnosis", "matching", "stats"];

    private static CallOptions Within(int seconds = 10) => GrpcChannels.Within(seconds);

    private async Task<(Guid Id, string Uscc)> RegisterAsync(string ward, string industry = "C3511")
    {
        var uscc = Uscc.New();
        using var response = await platform.Gateway.PostAsJsonAsync("/api/onestop/enterprises", new
        {
            uscc,
            name = $"沈阳精工机械{Guid.NewGuid():N}有限公司", // distinct: the ward screens for similar names
            ward,
            industryCode = industry,
            employees = 120,
            annualRevenue = 45_000_000.5m,
            totalAssets = 30_000_000m,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), uscc);
    }

    private async Task<int> ProjectedAsync(string ward)
    {
        await using var stats = new NpgsqlConnection(platform.DatabaseOf("stats"));
        return await stats.ExecuteScalarAsync<int>("SELECT count(*) FROM registered_enterprises WHERE ward = @ward", new { ward });
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Elapsed)> RebuildAsync()
    {
        var clock = Stopwatch.StartNew();
        using var response = await platform.Gateway.PostAsync(RebuildPath, content: null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine($"rebuild: {(int)response.StatusCode} in {clock.ElapsedMilliseconds} ms: {body}");
        return (response.StatusCode, body, clock.Elapsed);
    }

    [Fact]
    public async Task Every_service_answers_the_standard_health_check_SERVING_on_its_gRPC_port()
    {
        foreach (var service in Services)
        {
            using var channel = GrpcChannels.For(platform.GrpcUrlOf(service));

            var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), Within());

            Assert.True(response.Status == HealthCheckResponse.Types.ServingStatus.Serving, $"{service}: {response.Status}");
        }
    }

    [Fact]
    public async Task Rebuilding_the_projection_over_gRPC_restores_deleted_rows_and_corrects_changed_ones()
    {
        var registered = new[] { await RegisterAsync("kangping"), await RegisterAsync("kangping"), await RegisterAsync("kangping", "F5123") };
        await Poll.UntilAsync(() => ProjectedAsync("kangping"), n => n >= 3, TimeSpan.FromSeconds(30), "ClusterStats to project the registrations");
        var before = await ProjectedAsync("kangping");

        // A restored backup of ClusterStats' database: two rows gone, one with a stale ward.
        await using (var stats = new NpgsqlConnection(platform.DatabaseOf("stats")))
        {
            await stats.ExecuteAsync("DELETE FROM registered_enterprises WHERE enterprise_id = ANY(@ids)", new { ids = new[] { registered[0].Id, registered[1].Id } });
            await stats.ExecuteAsync("UPDATE registered_enterprises SET ward = 'faku' WHERE enterprise_id = @id", new { registered[2].Id });
        }

        Assert.Equal(before - 3, await ProjectedAsync("kangping"));

        var (status, body, _) = await RebuildAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, body.GetProperty("changed").GetInt32()); // two restored, one corrected
        Assert.True(body.GetProperty("scanned").GetInt32() >= 3);
        Assert.Equal(before, await ProjectedAsync("kangping"));

        // Idempotent: nothing left to do.
        var again = await RebuildAsync();
        Assert.Equal(0, again.Body.GetProperty("changed").GetInt32());
    }

    [Fact]
    public async Task With_OneStop_stopped_the_rebuild_answers_503_quickly_then_fails_fast_on_an_open_circuit_and_recovers()
    {
        await platform.StopAsync("onestop");
        try
        {
            var first = await RebuildAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Status);
            Assert.Equal("Unavailable", first.Body.GetProperty("grpcStatus").GetString());
            Assert.EndsWith("/upstream-unavailable", first.Body.GetProperty("type").GetString(), StringComparison.Ordinal);
            // Connection refused, two quick retries: far inside the 30 s call deadline (a third of it, on a loaded machine).
            Assert.True(first.Elapsed < TimeSpan.FromSeconds(10), $"took {first.Elapsed}");

            var attempts = new List<(HttpStatusCode Status, JsonElement Body, TimeSpan Elapsed)>();
            for (var i = 0; i < 6 && (attempts.Count == 0 || attempts[^1].Body.GetProperty("circuit").GetString() != "open"); i++)
            {
                attempts.Add(await RebuildAsync());
            }

            var open = attempts[^1];
            Assert.Equal(HttpStatusCode.ServiceUnavailable, open.Status);
            Assert.Equal("open", open.Body.GetProperty("circuit").GetString());
            Assert.Contains("circuit open", open.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.All(attempts, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
            // No call and no retry behind it: one request's time through the gateway, even on a loaded machine.
            Assert.True(open.Elapsed < TimeSpan.FromSeconds(5), $"an open circuit should fail at once, took {open.Elapsed}");
        }
        finally
        {
            await platform.StartAsync("onestop");
        }

        // The breaker lets a probe through after its break (5 s); OneStop answers again.
        var recovered = await Poll.UntilAsync(RebuildAsync, r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the rebuild to work again");
        Assert.True(recovered.Body.GetProperty("scanned").GetInt32() >= 0);
    }

    [Fact]
    public async Task A_grpc_js_client_gets_an_enterprise_through_the_gateway_gRPC_port()
    {
        var (id, uscc) = await RegisterAsync("xinmin");
        var gateway = platform.GrpcUrlOf("gateway");

        var found = await DirectoryClientAsync($"127.0.0.1:{gateway.Port}", "--uscc", uscc);
        var missing = await DirectoryClientAsync($"127.0.0.1:{gateway.Port}", "--id", Guid.CreateVersion7().ToString());
        var malformed = await DirectoryClientAsync($"127.0.0.1:{gateway.Port}", "--id", "not-a-uuid");
        var anonymous = await DirectoryClientAsync($"127.0.0.1:{gateway.Port}", "--uscc", uscc, signedIn: false);

        Assert.Equal(0, found.GetProperty("code").GetInt32());
        var enterprise = found.GetProperty("enterprise");
        Assert.Equal(id.ToString(), enterprise.GetProperty("id").GetString());
        Assert.Equal("xinmin", enterprise.GetProperty("ward").GetString());
        Assert.Equal("45000000", enterprise.GetProperty("annual_revenue").GetProperty("units").GetString());
        Assert.Equal(500_000_000, enterprise.GetProperty("annual_revenue").GetProperty("nanos").GetInt32());
        Assert.Equal(5, missing.GetProperty("code").GetInt32()); // NOT_FOUND
        Assert.Equal(3, malformed.GetProperty("code").GetInt32()); // INVALID_ARGUMENT
        Assert.Equal(16, anonymous.GetProperty("code").GetInt32()); // UNAUTHENTICATED: the gRPC side is no open door
    }

    [Fact]
    public async Task Our_client_streams_through_the_gateway_with_the_page_token_trailer_intact()
    {
        for (var i = 0; i < 3; i++)
        {
            await RegisterAsync("faku", "K7010");
        }

        var bearer = await platform.TokenFor("examiner.li");
        using var channel = GrpcChannels.For(platform.GrpcUrlOf("gateway"), bearer);
        var directory = new EnterpriseDirectory.EnterpriseDirectoryClient(channel);
        var pages = new List<int>();
        var token = "";
        do
        {
            using var call = directory.ListEnterprises(
                new ListEnterprisesRequest { Ward = "faku", IndustryPrefix = "K70", PageSize = 2, PageToken = token }, Within());
            var count = 0;
            while (await call.ResponseStream.MoveNext())
            {
                Assert.Equal("K7010", call.ResponseStream.Current.IndustryCode);
                count++;
            }

            pages.Add(count);
            token = call.GetTrailers().GetValue("next-page-token") ?? "";
        }
        while (token.Length > 0);

        Assert.True(pages.Sum() >= 3 && pages.Take(pages.Count - 1).All(n => n == 2), string.Join(",", pages));
    }

    /// <summary>Runs tests/Interop.Tests/node/directory-client.js (installing @grpc/grpc-js first if needed); returns its JSON line.</summary>
    private async Task<JsonElement> DirectoryClientAsync(string target, string keyOption, string key, bool signedIn = true)
    {
        string[] arguments = ["--target", target, keyOption, key];
        if (signedIn)
        {
            // A partner system signs in like anyone else; an examiner may read the register city-wide.
            arguments = [.. arguments, "--token", await platform.TokenFor("examiner.li")];
        }

        var run = await NodeScripts.GrpcJsPeers.RunAsync("directory-client.js", arguments, environment: null, TimeSpan.FromMinutes(3));
        var text = run.Stdout + run.Stderr;
        output.WriteLine(text);
        Assert.True(run.ExitCode == 0, text);
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    /// <summary>
    /// One user action, one trace: the rebuild enters at the gateway, goes to ClusterStats over HTTP and on to OneStop
    /// over gRPC; each process exports its spans with the real OTLP exporter, and all carry the caller's trace id.
    /// </summary>
    [Fact]
    public async Task One_trace_runs_from_the_gateway_through_the_gRPC_hop()
    {
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stats/projections/registered-enterprises/rebuild");
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");
        using var response = await platform.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        foreach (var service in new[] { "gateway", "stats", "onestop" })
        {
            await Poll.UntilAsync(() => Task.FromResult(platform.Telemetry.SawTrace(service, traceId)), TimeSpan.FromSeconds(30),
                $"{service} to export a span of trace {traceId}");
        }

        // The matcher is no rubber stamp: a trace nobody started is nowhere.
        Assert.False(platform.Telemetry.SawTrace("onestop", System.Diagnostics.ActivityTraceId.CreateRandom()));
    }
}
