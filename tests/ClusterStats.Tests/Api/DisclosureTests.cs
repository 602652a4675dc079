using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Api;

/// <summary>Disclosure control through the real service: the same withheld table for every role, the firm list for the SME Office only, audited.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DisclosureTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private ClusterStatsFactory factory = null!;
    private HttpClient office = null!;
    private HttpClient counter = null!;
    private IBusControl publisher = null!;

    public async Task InitializeAsync()
    {
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        office = factory.As("sme_office");
        counter = factory.As("counter_staff", ward: "heping");
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "ClusterStats ready");
        publisher = await factory.VirtualHost.StartPublisherAsync();

        // heping: 5 in C, 2 in F (too few); dadong: 4 in C, 3 in F.
        foreach (var (ward, section, n) in new[] { ("heping", "C3511", 5), ("heping", "F5120", 2), ("dadong", "C1392", 4), ("dadong", "F5121", 3) })
        {
            for (var i = 0; i < n; i++)
            {
                await publisher.Publish(new EnterpriseRegistered(Guid.CreateVersion7(), "91210100MA0000001X", "测试企业", ward, section, 10 + i, 1_000_000m, 1m,
                    DateTimeOffset.UtcNow));
            }
        }

        await Poll.UntilAsync(() => CountsAsync(office), c => c.GetProperty("byIndustrySection").GetArrayLength() == 2
            && c.GetProperty("byWard").EnumerateArray().All(w => w.GetProperty("obsStatus").GetString() == "A")
            && c.GetProperty("total").GetInt32() == 14, TimeSpan.FromSeconds(30), "all 14 enterprises counted");
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        office.Dispose();
        counter.Dispose();
        await factory.DisposeAsync();
    }

    private static async Task<JsonElement> CountsAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/stats/enterprise-counts");

    private static string[] Withheld(JsonElement counts) =>
        [.. counts.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("obsStatus").GetString() == "C")
            .Select(c => $"{c.GetProperty("ward").GetString()}/{c.GetProperty("industrySection").GetString()}")];

    [Fact]
    public async Task The_cell_of_two_enterprises_and_the_cells_that_would_give_it_away_are_withheld_for_every_role()
    {
        var forOffice = await CountsAsync(office);
        var forCounter = await CountsAsync(counter);

        Assert.Equal(["dadong/C", "dadong/F", "heping/C", "heping/F"], Withheld(forOffice));
        Assert.Equal(forOffice.GetProperty("cells").ToString(), forCounter.GetProperty("cells").ToString());
        var hepingF = forCounter.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("ward").GetString() == "heping"
            && c.GetProperty("industrySection").GetString() == "F");
        Assert.False(hepingF.TryGetProperty("enterprises", out _));
        Assert.False(hepingF.TryGetProperty("employment", out _));
        Assert.False(hepingF.TryGetProperty("revenue", out _));
        Assert.Equal(7, forCounter.GetProperty("byWard").EnumerateArray().Single(w => w.GetProperty("ward").GetString() == "heping").GetProperty("enterprises").GetInt32());
    }

    [Fact]
    public async Task Only_the_SME_Office_opens_the_firm_list_behind_a_cell_and_each_read_is_audited()
    {
        using var refused = await counter.GetAsync("/api/stats/enterprise-counts/cells/heping/F/enterprises");
        using var bank = factory.As("bank", bankId: "ccb-shenyang");
        using var refusedBank = await bank.GetAsync("/api/stats/enterprise-counts/cells/heping/F/enterprises");
        var firms = await office.GetFromJsonAsync<JsonElement>("/api/stats/enterprise-counts/cells/heping/F/enterprises");
        using var bad = await office.GetAsync("/api/stats/enterprise-counts/cells/heping/Z9/enterprises");
        var audit = await office.GetFromJsonAsync<JsonElement>("/api/stats/audit?entityId=heping/F");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedBank.StatusCode);
        Assert.Equal(2, firms.GetArrayLength());
        Assert.All(firms.EnumerateArray(), f => Assert.Equal("F5120", f.GetProperty("industryCode").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("stats.cell-enterprises-read", audit.ToString(), StringComparison.Ordinal);
        Assert.Contains("heping/F", audit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_SME_Office_changes_the_thresholds_by_version_and_the_tables_follow()
    {
        using var current = await office.GetAsync("/api/stats/disclosure-rules");
        Assert.Equal("\"1\"", current.Headers.ETag?.Tag);

        using var byCounter = await Put(counter, "\"1\"", new { minimumEnterprises = 2, dominanceShare = 0.9 });
        using var bad = await Put(office, "\"1\"", new { minimumEnterprises = 1, dominanceShare = 1.5 });
        using var stale = await Put(office, "\"7\"", new { minimumEnterprises = 2, dominanceShare = 0.9 });
        using var changed = await Put(office, "\"1\"", new { minimumEnterprises = 2, dominanceShare = 0.9 });

        Assert.Equal(HttpStatusCode.Forbidden, byCounter.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["dominanceShare", "minimumEnterprises"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var counts = await CountsAsync(counter);
        Assert.Equal(2, counts.GetProperty("disclosureRulesVersion").GetInt32());
        Assert.Empty(Withheld(counts));
    }

    [Fact]
    public async Task The_table_exports_as_CSV_and_SDMX_CSV_on_its_own_URL_with_the_same_cells_withheld()
    {
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, "/api/stats/enterprise-counts");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        using var csv = await counter.SendAsync(csvRequest);
        using var sdmxRequest = new HttpRequestMessage(HttpMethod.Get, "/api/stats/enterprise-counts");
        sdmxRequest.Headers.Accept.ParseAdd("application/vnd.sdmx.data+csv; version=1.0.0");
        using var sdmx = await office.SendAsync(sdmxRequest);
        using var bank = factory.As("bank", bankId: "ccb-shenyang");
        using var bankRequest = new HttpRequestMessage(HttpMethod.Get, "/api/stats/enterprise-counts");
        bankRequest.Headers.Accept.ParseAdd("text/csv");
        using var refused = await bank.SendAsync(bankRequest);

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ward,industry_section,enterprises,employment,revenue_cny,obs_status,source,period,disclosure_rules_version", lines[0]);
        Assert.Contains("heping,F,,,,C,live,,1", lines);
        Assert.Contains("heping,_T,7,", lines.Single(l => l.StartsWith("heping,_T,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("_T,_T,14,", lines.Single(l => l.StartsWith("_T,_T,", StringComparison.Ordinal)), StringComparison.Ordinal);

        Assert.Equal("application/vnd.sdmx.data+csv", sdmx.Content.Headers.ContentType?.MediaType);
        var observations = (await sdmx.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("DATAFLOW,FREQ,REF_AREA,ACTIVITY,CLUSTER,MEASURE,TIME_PERIOD,OBS_VALUE,UNIT,OBS_STATUS", observations[0]);
        Assert.Contains("SMEPLATFORM:ENTERPRISE_COUNTS(1.0),D,heping,F,_Z,EMPLOYMENT,2026-11-15,,PERSONS,C", observations);
        Assert.Contains("SMEPLATFORM:ENTERPRISE_COUNTS(1.0),D,_T,_T,_Z,ENTERPRISES,2026-11-15,14,NUMBER,A", observations);
        Assert.Equal(1 + 3 * (4 + 2 + 2 + 1), observations.Length);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private Task<HttpResponseMessage> Put(HttpClient client, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/stats/disclosure-rules") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return client.SendAsync(request);
    }
}
