using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Api;

/// <summary>
/// One Matching service per test class against real PostgreSQL and RabbitMQ, with helpers that draft, review and
/// publish profiles as an intermediary does.
/// </summary>
public abstract class MatchingApiTest(InfrastructureFixture infra) : IAsyncLifetime
{
    public const string Api = "/api/matching";

    protected MatchingFactory Factory { get; private set; } = null!;

    protected StubRegister Register { get; private set; } = null!;

    protected HttpClient Intermediary { get; private set; } = null!;

    /// <summary>A second intermediary, for the reviews (the drafter reviews its own profile only when one review suffices).</summary>
    protected HttpClient Reviewer { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Register = await StubRegister.StartAsync();
        Factory = new MatchingFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, Register);
        Intermediary = Factory.ClientFor("intermediary", subject: "intermediary.wang");
        Reviewer = Factory.ClientFor("intermediary", subject: "intermediary.li");
        using var anonymous = Factory.Anonymous();
        await Poll.UntilAsync(async () => (await anonymous.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60),
            "Matching to be ready (database migrated, bus connected)");
    }

    public virtual async Task DisposeAsync()
    {
        Intermediary.Dispose();
        Reviewer.Dispose();
        await Factory.DisposeAsync();
        await Register.DisposeAsync();
    }

    protected static object Listing(string kind, string type, string industry = "C3670", decimal amount = 1000, string unit = "PiecesPerMonth",
        string[]? processes = null, string[]? certifications = null, string[]? wards = null, string? title = null) => new
    {
        kind, type, title = title ?? $"{kind} of {type}", industryCodes = new[] { industry }, processes = processes ?? ["CNC machining"], amount, unit,
        requiredCertifications = certifications ?? [], preferredWards = wards ?? [],
    };

    protected static object ProfileBody(string uscc, params object[] listings) => new
    {
        uscc,
        outline = "Machining of automotive parts for domestic and Japanese customers.",
        products = new[] { "Brake discs", "Hubs" },
        processes = new[] { new { name = "CNC machining", equipment = "5-axis machining centres", capacity = 2000, unit = "MachineHoursPerMonth" } },
        certifications = new[] { "ISO 9001", "IATF 16949" },
        exportExperience = "Exports to Japan since 2019",
        languages = new[] { "zh", "ja" },
        listings,
    };

    /// <summary>Drafts a profile for a new enterprise of the register; answers the profile JSON.</summary>
    protected async Task<JsonElement> DraftAsync(string name, string ward, params object[] listings)
    {
        var uscc = Register.Add(name, ward, "C3670");
        var response = await Intermediary.PostAsJsonAsync(Api + "/profiles", ProfileBody(uscc, listings));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Drafts, reviews and publishes a profile; answers the published profile JSON.</summary>
    protected async Task<JsonElement> PublishedAsync(string name, string ward, params object[] listings)
    {
        var id = (await DraftAsync(name, ward, listings)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await Reviewer.PostAsync($"{Api}/profiles/{id}/review", null)).StatusCode);
        var published = await Intermediary.PostAsync($"{Api}/profiles/{id}/publication", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return await published.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected static string NeedId(JsonElement profile) => profile.GetProperty("needIds")[0].GetString()!;

    protected static string OfferId(JsonElement profile) => profile.GetProperty("offerIds")[0].GetString()!;

    protected async Task<long> CountAsync(string table)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return await db.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    protected static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
