using System.Net;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Api;

/// <summary>Who may call what: staff read suppressed aggregates, banks nothing, operations only the SME Office and administrators.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AccessTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private ClusterStatsFactory factory = null!;

    public async Task InitializeAsync() => factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/stats/enterprise-counts", "bank", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/enterprise-counts", "service", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/enterprise-counts", "counter_staff", HttpStatusCode.OK)]
    [InlineData("GET", "/api/stats/enterprise-counts", "advisor", HttpStatusCode.OK)]
    [InlineData("POST", "/api/stats/snapshots", "counter_staff", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/stats/snapshots", "bank", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/stats/snapshots", "sme_office", HttpStatusCode.OK)]
    [InlineData("POST", "/api/stats/projections/registered-enterprises/rebuild", "sme_office", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/disclosure-rules", "bank", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/disclosure-rules", "examiner", HttpStatusCode.OK)]
    [InlineData("PUT", "/api/stats/disclosure-rules", "admin", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/enterprise-counts/cells/heping/C/enterprises", "admin", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/enterprise-counts/cells/heping/C/enterprises", "advisor", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/enterprise-counts/cells/heping/C/enterprises", "sme_office", HttpStatusCode.OK)]
    [InlineData("GET", "/api/stats/clusters", "bank", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/clusters", "advisor", HttpStatusCode.OK)]
    [InlineData("POST", "/api/stats/clusters", "bank", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/stats/clusters", "admin", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/stats/clusters", "examiner", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/location-quotients?area=ward&level=section", "bank", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/location-quotients?area=ward&level=section", "service", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/location-quotients?area=ward&level=section", "intermediary", HttpStatusCode.OK)]
    [InlineData("GET", "/api/stats/strong-clusters", "bank", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/strong-clusters", "counter_staff", HttpStatusCode.OK)]
    [InlineData("GET", "/api/stats/clusters/auto-parts/figures", "bank", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/clusters/auto-parts/figures", "examiner", HttpStatusCode.OK)]
    [InlineData("GET", "/api/stats/growth?from=2026-10-31&to=2026-11-30", "bank", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/growth?from=2026-10-31&to=2026-11-30", "service", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/growth?from=2026-10-31&to=2026-11-30", "counter_staff", HttpStatusCode.BadRequest)] // allowed; no snapshot yet
    [InlineData("GET", "/api/stats/programme-delivery?from=2026-01-01&to=2026-12-31", "bank", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/programme-delivery?from=2026-01-01&to=2026-12-31", "service", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/stats/programme-delivery?from=2026-01-01&to=2026-12-31", "counter_staff", HttpStatusCode.OK)]
    [InlineData("GET", "/api/stats/programme-delivery?from=2026-01-01&to=2026-12-31&by=cluster", "sme_office", HttpStatusCode.OK)]
    public async Task Each_endpoint_answers_only_the_roles_it_names(string method, string path, string role, HttpStatusCode expected)
    {
        using var client = factory.As(role, ward: role == "counter_staff" ? "heping" : null, bankId: role == "bank" ? "ccb-shenyang" : null);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_API_document_is_public_names_who_may_call_and_writes_enums_by_name()
    {
        using var anonymous = factory.CreateClient();
        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/api/stats/openapi.json")).RootElement;
        var paths = document.GetProperty("paths");

        foreach (var path in new[]
        {
            "/api/stats/enterprise-counts", "/api/stats/disclosure-rules", "/api/stats/enterprise-counts/cells/{ward}/{section}/enterprises",
            "/api/stats/clusters", "/api/stats/location-quotients", "/api/stats/strong-clusters", "/api/stats/clusters/{id}/figures",
            "/api/stats/growth", "/api/stats/programme-delivery",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the document");
        }

        Assert.Contains("Who may call: sme_office", paths.GetProperty("/api/stats/enterprise-counts/cells/{ward}/{section}/enterprises").GetProperty("get")
            .GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("Who may call: sme_office", paths.GetProperty("/api/stats/clusters").GetProperty("post").GetProperty("description").GetString(),
            StringComparison.Ordinal);
        var level = paths.GetProperty("/api/stats/location-quotients").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "level");
        Assert.Equal(["section", "division", "group", "class", "cluster"], level.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("division", level.GetProperty("example").GetString());
        foreach (var table in new[] { "/api/stats/enterprise-counts", "/api/stats/growth", "/api/stats/programme-delivery" })
        {
            Assert.Equal(["application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.sdmx.data+csv", "text/csv"],
                paths.GetProperty(table).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject()
                    .Select(c => c.Name).Order(StringComparer.Ordinal));
        }

        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, values) in new[]
        {
            ("ClusterTier", new[] { "strong", "specialised", "not_specialised" }), ("ClusterPattern", ["production", "market", "production_chain"]),
            ("GovernmentRole", ["self_development", "cultivation", "combination"]), ("ClusterOrigin", ["endogenous", "exogenous"]),
        })
        {
            Assert.Equal(values, schemas.GetProperty(schema).GetProperty("enum").EnumerateArray().Where(e => e.ValueKind != JsonValueKind.Null).Select(e => e.GetString()));
        }

        var status = document.GetProperty("components").GetProperty("schemas").GetProperty("ObsStatus");
        Assert.Equal(["A", "C"], status.GetProperty("enum").EnumerateArray().Where(e => e.ValueKind != JsonValueKind.Null).Select(e => e.GetString()));
    }

    [Fact]
    public async Task Without_a_token_nothing_is_answered()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/api/stats/enterprise-counts");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
