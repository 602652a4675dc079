using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

/// <summary>The gateway's local identity provider, as a client sees it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdentityTests(PlatformFixture platform)
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static JsonElement Claims(string jwt) =>
        JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement;

    [Fact]
    public async Task Every_demo_identity_signs_in_with_its_role_and_scope()
    {
        foreach (var identity in DemoIdentities.All)
        {
            var claims = Claims(await platform.TokenFor(identity.Name));
            Assert.Equal(identity.Name, claims.GetProperty("sub").GetString());
            Assert.Equal(identity.Role, claims.GetProperty("role").GetString());
            Assert.Equal(identity.Ward, claims.TryGetProperty("ward", out var ward) ? ward.GetString() : null);
            Assert.Equal(identity.BankId, claims.TryGetProperty("bank_id", out var bank) ? bank.GetString() : null);
            Assert.Equal("smeplatform", claims.GetProperty("aud").GetString());
            Assert.True(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64() <= 15 * 60, "access tokens are short-lived");
        }
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer_and_no_token()
    {
        using var wrong = await platform.Anonymous.PostAsync("/connect/token", Form(("grant_type", "password"), ("username", "examiner.li"), ("password", "guess")));
        using var unknown = await platform.Anonymous.PostAsync("/connect/token", Form(("grant_type", "password"), ("username", "nobody.here"), ("password", "guess")));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var a = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        var b = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_grant", a.GetProperty("error").GetString());
        Assert.Equal(a.GetProperty("error_description").GetString(), b.GetProperty("error_description").GetString());
        Assert.False(a.TryGetProperty("access_token", out _));
        Assert.Equal("no-store", wrong.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Repeated_failed_passwords_lock_the_account_even_against_the_right_password()
    {
        const string user = "examiner.wang"; // its token for the other tests was issued when the platform started
        for (var i = 0; i < 5; i++)
        {
            using var failed = await platform.Anonymous.PostAsync("/connect/token", Form(("grant_type", "password"), ("username", user), ("password", "wrong" + i)));
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        }

        using var locked = await platform.Anonymous.PostAsync("/connect/token", Form(("grant_type", "password"), ("username", user), ("password", "demo")));
        var body = await locked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("Too many failed sign-ins", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bank_signs_in_with_basic_client_credentials_and_a_wrong_secret_is_401()
    {
        using var good = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = Form(("grant_type", "client_credentials")) };
        good.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("huaxia-shenyang:demo-secret")));
        using var ok = await platform.Anonymous.SendAsync(good);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("huaxia-shenyang", Claims((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!).GetProperty("bank_id").GetString());

        using var bad = await platform.Anonymous.PostAsync("/connect/token",
            Form(("grant_type", "client_credentials"), ("client_id", "huaxia-shenyang"), ("client_secret", "not-it")));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("invalid_client", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_replayed_one_ends_the_session()
    {
        using var signIn = await platform.Anonymous.PostAsync("/connect/token", Form(("grant_type", "password"), ("username", "advisor.chen"), ("password", "demo")));
        var first = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;

        using var refreshed = await platform.Anonymous.PostAsync("/connect/token", Form(("grant_type", "refresh_token"), ("refresh_token", first)));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);

        using var replay = await platform.Anonymous.PostAsync("/connect/token", Form(("grant_type", "refresh_token"), ("refresh_token", first)));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        using var afterReplay = await platform.Anonymous.PostAsync("/connect/token", Form(("grant_type", "refresh_token"), ("refresh_token", second)));
        Assert.Equal(HttpStatusCode.BadRequest, afterReplay.StatusCode);
    }

    [Fact]
    public async Task Discovery_and_keys_are_public_and_describe_ES256()
    {
        var discovery = await platform.Anonymous.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var keys = await platform.Anonymous.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");

        Assert.EndsWith("/connect/token", discovery.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        var key = keys.GetProperty("keys")[0];
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _), "the private part must never be published");
    }

    [Fact]
    public async Task The_gateway_refuses_a_token_it_did_not_sign()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats/enterprise-counts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Issue("sme_office", issuer: platform.GatewayUrl.ToString().TrimEnd('/')));
        using var response = await platform.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task One_user_flooding_the_gateway_gets_429_with_Retry_After_and_recovers()
    {
        var token = await platform.TokenFor("intermediary.zhao");
        async Task<HttpResponseMessage> Call()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats/enterprise-counts");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await platform.Anonymous.SendAsync(request);
        }

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 400 && limited is null; i++)
        {
            var response = await Call();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.True(limited!.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "429 carries Retry-After");
        limited.Dispose();
        // The bucket refills: within a few seconds the same user is served again.
        await Poll.UntilAsync(async () => { using var r = await Call(); return r.StatusCode == HttpStatusCode.OK; },
            TimeSpan.FromSeconds(10), "the rate limit to let the user in again");
    }

    [Fact]
    public async Task One_wards_clerk_guessing_another_wards_enterprise_id_gets_404()
    {
        using var created = await platform.As("counter.heping").PostAsJsonAsync("/api/onestop/enterprises", new
        {
            uscc = Uscc.New(), name = "和平区测试企业", ward = "heping", industryCode = "C3511", employees = 5, annualRevenue = 100000m, totalAssets = 50000m,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await platform.As("counter.dadong").GetAsync($"/api/onestop/enterprises/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.As("counter.heping").GetAsync($"/api/onestop/enterprises/{id}")).StatusCode);
    }
}
