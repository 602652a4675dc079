using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// The authorization code flow with PKCE the staff portal uses, end to end over HTTP through the gateway: the sign-in
/// page, its antiforgery token, the code, the token, and a real service API called with that token.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CodeFlowTests(PlatformFixture platform)
{
    private static JsonElement Claims(string jwt) =>
        JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement;

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Discovery_advertises_the_code_flow_with_S256_only_beside_the_other_grants()
    {
        using var response = await platform.Anonymous.GetAsync("/.well-known/openid-configuration");
        // Answered by the provider inside the authentication middleware, yet with the gateway's security headers.
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var discovery = await Json(response);

        var grants = discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "authorization_code", "client_credentials", "password", "refresh_token" }, grants.ToHashSet());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        var gateway = platform.GatewayUrl.ToString().TrimEnd('/');
        Assert.Equal(gateway + "/connect/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(gateway + "/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(gateway + "/.well-known/jwks.json", discovery.GetProperty("jwks_uri").GetString());
    }

    [Fact]
    public async Task A_clerk_signs_in_on_the_page_and_the_code_buys_a_token_the_register_accepts_once()
    {
        using var browser = new CodeFlowBrowser(platform.GatewayUrl);
        using var page = await browser.AuthorizeAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("登录", html, StringComparison.Ordinal);
        Assert.Contains("Sign in", html, StringComparison.Ordinal);

        using var redirect = await browser.SubmitAsync(page, "counter.heping", "demo");
        var code = browser.CodeFrom(redirect);
        using var redeemed = await browser.RedeemAsync(code, browser.Verifier);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        var tokens = await Json(redeemed);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var claims = Claims(accessToken);
        Assert.Equal("counter.heping", claims.GetProperty("sub").GetString());
        Assert.Equal("counter_staff", claims.GetProperty("role").GetString());
        Assert.Equal("heping", claims.GetProperty("ward").GetString());
        Assert.Equal("smeplatform", claims.GetProperty("aud").GetString());
        Assert.Equal(CodeFlowBrowser.ClientId, claims.GetProperty("client_id").GetString());

        // The token works at a real service, with the clerk's ward scope: registering in Heping is allowed.
        using var register = new HttpRequestMessage(HttpMethod.Post, "/api/onestop/enterprises")
        {
            Content = JsonContent.Create(new
            {
                uscc = Uscc.New(), name = "和平区门户登录测试企业", ward = "heping", industryCode = "C3511", employees = 5,
                annualRevenue = 100000m, totalAssets = 50000m,
            }),
        };
        register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var created = await platform.Anonymous.SendAsync(register);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // The code is one-time: a second redemption is refused and ends the session it started.
        using var again = await browser.RedeemAsync(code, browser.Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", (await Json(again)).GetProperty("error").GetString());
        using var refresh = await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = CodeFlowBrowser.ClientId,
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
    }

    [Fact]
    public async Task The_portals_refresh_token_rotates()
    {
        var first = await SignInAsync("advisor.chen");
        using var refreshed = await Refresh(first);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = await Json(refreshed);
        var second = renewed.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal("advisor", Claims(renewed.GetProperty("access_token").GetString()!).GetProperty("role").GetString());

        using var replay = await Refresh(first);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        using var afterReplay = await Refresh(second);
        Assert.Equal(HttpStatusCode.BadRequest, afterReplay.StatusCode);

        Task<HttpResponseMessage> Refresh(string token) => platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = CodeFlowBrowser.ClientId, ["refresh_token"] = token }));
    }

    [Theory]
    [InlineData(null, null)]        // no PKCE at all
    [InlineData("", "plain")]       // the challenge sent as "plain": whoever sees the request could redeem the code
    [InlineData("", null)]          // no method: "plain" by default (RFC 7636 §4.3)
    public async Task An_authorization_request_without_S256_PKCE_is_refused_before_any_sign_in(string? challenge, string? method)
    {
        using var browser = new CodeFlowBrowser(platform.GatewayUrl);
        using var response = await browser.AuthorizeAsync(challenge is null ? null : browser.Verifier, method);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        var location = response.Headers.Location?.ToString() ?? string.Empty;
        Assert.DoesNotContain("code=", location, StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", location + body, StringComparison.Ordinal);
        Assert.DoesNotContain("password", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_gets_no_page_and_no_redirect()
    {
        using var browser = new CodeFlowBrowser(platform.GatewayUrl);
        using var response = await browser.AuthorizeAsync(redirectUri: "http://attacker.example/callback");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_wrong_or_missing_code_verifier_is_refused()
    {
        using var browser = new CodeFlowBrowser(platform.GatewayUrl);
        using var page = await browser.AuthorizeAsync();
        using var redirect = await browser.SubmitAsync(page, "examiner.li", "demo");
        var code = browser.CodeFrom(redirect);

        using var missing = await browser.RedeemAsync(code, verifier: null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("invalid_request", (await Json(missing)).GetProperty("error").GetString());
        using var wrong = await browser.RedeemAsync(code, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var refused = await Json(wrong);
        Assert.Equal("invalid_grant", refused.GetProperty("error").GetString());
        Assert.False(refused.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_wrong_password_on_the_page_says_so_in_Chinese_and_English_and_gives_no_code()
    {
        using var browser = new CodeFlowBrowser(platform.GatewayUrl);
        using var page = await browser.AuthorizeAsync();
        using var answer = await browser.SubmitAsync(page, "nobody.here", "guess");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Contains("用户名或密码错误。 The user name or password is wrong.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused()
    {
        using var browser = new CodeFlowBrowser(platform.GatewayUrl);
        using var page = await browser.AuthorizeAsync();
        var html = (await page.Content.ReadAsStringAsync()).Replace("__RequestVerificationToken", "ignored", StringComparison.Ordinal);
        using var forged = new HttpResponseMessage { Content = new StringContent(html) };
        using var answer = await browser.SubmitAsync(forged, "counter.dadong", "demo");

        Assert.Null(answer.Headers.Location);
        Assert.Contains("页面已过期", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_failed_passwords_on_the_page_lock_the_account_even_against_the_right_password()
    {
        const string user = "examiner.wang"; // the lockout test of the password grant locks the same name: either order holds
        using var browser = new CodeFlowBrowser(platform.GatewayUrl);
        for (var i = 0; i < 5; i++)
        {
            using var page = await browser.AuthorizeAsync();
            using var failed = await browser.SubmitAsync(page, user, "wrong" + i);
            Assert.Null(failed.Headers.Location);
        }

        using var last = await browser.AuthorizeAsync();
        using var locked = await browser.SubmitAsync(last, user, "demo");
        Assert.Null(locked.Headers.Location);
        var html = await locked.Content.ReadAsStringAsync();
        Assert.Contains("登录失败次数过多", html, StringComparison.Ordinal);
        Assert.Contains("Too many failed sign-ins", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bank_gets_a_bank_scoped_token_by_client_credentials_that_the_bank_API_accepts_and_staff_APIs_do_not()
    {
        using var signIn = await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "sy-commercial-bank", ["client_secret"] = "demo-secret",
        }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var body = await Json(signIn);
        Assert.False(body.TryGetProperty("refresh_token", out _), "a client has no session to refresh");
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Equal("sy-commercial-bank", Claims(token).GetProperty("bank_id").GetString());
        Assert.Equal("bank", Claims(token).GetProperty("role").GetString());

        using var bankApi = new HttpRequestMessage(HttpMethod.Get, "/api/bank/v1/applications");
        bankApi.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var applications = await platform.Anonymous.SendAsync(bankApi);
        Assert.Equal(HttpStatusCode.OK, applications.StatusCode);

        using var register = new HttpRequestMessage(HttpMethod.Get, "/api/stats/enterprise-counts");
        register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await platform.Anonymous.SendAsync(register);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_bank_may_not_use_the_password_grant_nor_the_portal_the_client_credentials_grant()
    {
        using var bank = await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "ccb-shenyang", ["client_secret"] = "demo-secret", ["username"] = "admin", ["password"] = "demo",
        }));
        Assert.Equal("unauthorized_client", (await Json(bank)).GetProperty("error").GetString());
        using var portal = await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = CodeFlowBrowser.ClientId,
        }));
        // A public client has no secret, and client credentials need one (RFC 6749 §4.4.2): a missing parameter.
        Assert.Equal(HttpStatusCode.BadRequest, portal.StatusCode);
        var refused = await Json(portal);
        Assert.Equal("invalid_request", refused.GetProperty("error").GetString());
        Assert.False(refused.TryGetProperty("access_token", out _));
    }

    private async Task<string> SignInAsync(string user)
    {
        using var browser = new CodeFlowBrowser(platform.GatewayUrl);
        using var page = await browser.AuthorizeAsync();
        using var redirect = await browser.SubmitAsync(page, user, "demo");
        using var redeemed = await browser.RedeemAsync(browser.CodeFrom(redirect), browser.Verifier);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        return (await Json(redeemed)).GetProperty("refresh_token").GetString()!;
    }
}
