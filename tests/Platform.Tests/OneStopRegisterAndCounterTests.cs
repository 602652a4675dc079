using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.Platform.Tests;

/// <summary>The register's search and the ward counters through the gateway, with the demo identities' real tokens.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OneStopRegisterAndCounterTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_clerk_finds_their_wards_enterprise_by_name_and_another_wards_clerk_never_does()
    {
        var marker = "巡检" + Guid.NewGuid().ToString("N")[..6];
        using var response = await platform.As("counter.heping").PostAsJsonAsync("/api/onestop/enterprises", new
        {
            uscc = Uscc.New(), name = $"沈阳{marker}设备有限公司", ward = "heping", industryCode = "C3511",
            employees = 350, annualRevenue = 45_000_000m, totalAssets = 50_000_000m,
            legalForm = "limited-liability", ownershipType = "private", contactPhone = "139" + Random.Shared.Next(10_000_000, 99_999_999),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("medium", created.GetProperty("sizeClass").GetString());
        var id = created.GetProperty("id").GetGuid();

        async Task<List<Guid>> Find(string identity) =>
            (await platform.As(identity).GetFromJsonAsync<JsonElement>($"/api/onestop/enterprises?q={Uri.EscapeDataString(marker)}"))
            .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();

        Assert.Equal([id], await Find("counter.heping"));
        Assert.Equal([id], await Find("examiner.li"));
        Assert.Empty(await Find("counter.dadong"));
        Assert.Equal(HttpStatusCode.NotFound, (await platform.As("counter.dadong").GetAsync($"/api/onestop/enterprises/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task A_clerk_runs_their_wards_queue_and_the_other_ward_cannot_see_it()
    {
        using var issued = await platform.As("counter.heping").PostAsJsonAsync("/api/onestop/counters/heping/tickets", new { reason = "融资咨询" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var ticket = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await platform.As("counter.dadong").GetAsync("/api/onestop/counters/heping/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await platform.As("counter.dadong").PostAsJsonAsync($"/api/onestop/counters/dadong/tickets/{ticket}/call", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await platform.As("counter.heping").PostAsJsonAsync($"/api/onestop/counters/heping/tickets/{ticket}/call", new { })).StatusCode);
        var figures = await platform.As("smeoffice.liu").GetFromJsonAsync<JsonElement>("/api/onestop/counters/heping/figures");
        Assert.True(figures.GetProperty("waitTime").GetProperty("count").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_counter_system_integrator_reads_the_onestop_contract_through_the_gateway_without_a_token()
    {
        var document = await platform.Anonymous.GetFromJsonAsync<JsonElement>("/api/onestop/openapi.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/onestop/enterprises", out _));

        // Only the document is public: the data behind it still needs a token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.GetAsync("/api/onestop/enterprises")).StatusCode);
    }
}
