using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>Who may do what in OneStop, over a real socket with real token validation.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AccessTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private OneStopFactory factory = null!;

    public async Task InitializeAsync() => factory = new OneStopFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private HttpClient As(string role, string? ward = null, string? bank = null) =>
        factory.CreateClient().WithToken(TestTokens.Issue(role, ward, bank));

    private static object Body(string ward) => new
    {
        uscc = TestCodes.NewUscc(), name = "沈阳测试有限公司", ward, industryCode = "C3511",
        employees = 10, annualRevenue = 1_000_000m, totalAssets = 800_000m,
    };

    private async Task<Guid> RegisterInHeping()
    {
        using var client = As("counter_staff", "heping");
        using var response = await client.PostAsJsonAsync("/api/onestop/enterprises", Body("heping"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static TheoryData<string> BadTokens => new()
    {
        "missing", "expired", "wrong signature", "wrong audience", "wrong issuer", "alg none", "tampered claims", "HS256 with a guessed secret",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401(string kind)
    {
        var id = await RegisterInHeping();
        var valid = TestTokens.Issue("sme_office");
        var token = kind switch
        {
            "missing" => null,
            "expired" => TestTokens.Issue("sme_office", lifetime: TimeSpan.FromMinutes(-5)),
            "wrong signature" => TestTokens.Issue("sme_office", signingKey: new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-key" }),
            "wrong audience" => TestTokens.Issue("sme_office", audience: "another-api"),
            "wrong issuer" => TestTokens.Issue("sme_office", issuer: "https://evil.test"),
            "alg none" => Unsigned(valid),
            "tampered claims" => Tampered(valid),
            _ => Hs256(valid),
        };

        using var client = factory.CreateClient();
        if (token is not null)
        {
            client.WithToken(token);
        }

        using var response = await client.GetAsync($"/api/onestop/enterprises/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Microsoft.IdentityModel", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counter_staff_cannot_register_in_another_ward_and_nothing_is_stored()
    {
        using var dadong = As("counter_staff", "dadong");
        using var response = await dadong.PostAsJsonAsync("/api/onestop/enterprises", Body("heping"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = new NpgsqlConnection(factory.ConnectionString);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM enterprises"));
    }

    [Fact]
    public async Task Another_wards_enterprise_is_not_found_for_counter_staff_but_visible_city_wide()
    {
        var id = await RegisterInHeping();

        using var dadong = As("counter_staff", "dadong");
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.GetAsync($"/api/onestop/enterprises/{id}")).StatusCode);
        using var heping = As("counter_staff", "heping");
        Assert.Equal(HttpStatusCode.OK, (await heping.GetAsync($"/api/onestop/enterprises/{id}")).StatusCode);
        using var examiner = As("examiner");
        Assert.Equal(HttpStatusCode.OK, (await examiner.GetAsync($"/api/onestop/enterprises/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("sme_office", null, null)]
    [InlineData("bank", null, "ccb-shenyang")]
    [InlineData("examiner", null, null)]
    public async Task Roles_that_do_not_register_are_forbidden(string role, string? ward, string? bank)
    {
        using var client = As(role, ward, bank);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/onestop/enterprises", Body("heping"))).StatusCode);
    }

    [Fact]
    public async Task A_bank_cannot_read_the_register()
    {
        var id = await RegisterInHeping();
        using var bank = As("bank", bank: "ccb-shenyang");
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync($"/api/onestop/enterprises/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_SME_Office_reads_the_audit_trail_with_the_actor_and_scope_and_counter_staff_cannot()
    {
        var id = await RegisterInHeping();

        using var office = As("sme_office");
        var trail = await office.GetFromJsonAsync<JsonElement>($"/api/onestop/audit?entityId={id}");
        var entry = Assert.Single(trail.EnumerateArray());
        Assert.Equal("counter_staff.heping", entry.GetProperty("actorId").GetString());
        Assert.Equal("ward:heping", entry.GetProperty("scope").GetString());
        Assert.Equal("enterprise.registered", entry.GetProperty("action").GetString());

        using var clerk = As("counter_staff", "heping");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/onestop/audit?entityId={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.GetAsync("/api/onestop/audit")).StatusCode);
    }

    private static string Unsigned(string jwt)
    {
        var parts = jwt.Split('.');
        return Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + parts[1] + ".";
    }

    private static string Tampered(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"sme_office\"", "\"admin\"", StringComparison.Ordinal);
        return parts[0] + "." + Base64UrlEncoder.Encode(payload) + "." + parts[2];
    }

    private static string Hs256(string jwt)
    {
        var parts = jwt.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT","kid":"test-key"}""");
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes("secret"), Encoding.UTF8.GetBytes(header + "." + parts[1]));
        return header + "." + parts[1] + "." + Base64UrlEncoder.Encode(signature);
    }
}
