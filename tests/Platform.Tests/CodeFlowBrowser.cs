using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// What the staff portal and a browser do in the authorization code flow, over plain HTTP against the gateway: no
/// redirects followed (the test reads each Location), cookies kept (the antiforgery cookie), PKCE made here.
/// </summary>
public sealed partial class CodeFlowBrowser : IDisposable
{
    public const string ClientId = "staff-portal";

    /// <summary>Registered for the portal in the gateway's appsettings.Development.json.</summary>
    public const string RedirectUri = "http://127.0.0.1:5180/signin-callback";

    private readonly HttpClient http;

    public CodeFlowBrowser(Uri gateway) =>
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public string Verifier { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public string State { get; } = Guid.NewGuid().ToString("N");

    public string Challenge => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    /// <summary>GET /connect/authorize with the given PKCE parameters (S256 by default; null leaves a parameter out).</summary>
    public Task<HttpResponseMessage> AuthorizeAsync(string? challenge = "", string? method = "S256", string redirectUri = RedirectUri)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId, ["redirect_uri"] = redirectUri, ["response_type"] = "code",
            ["scope"] = "openid offline_access", ["state"] = State,
            ["code_challenge"] = challenge == "" ? Challenge : challenge, ["code_challenge_method"] = method,
        };
        return http.GetAsync("/connect/authorize?" + string.Join('&', query.Where(p => p.Value is not null)
            .Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!))));
    }

    /// <summary>Posts the sign-in form of <paramref name="page"/> back with these credentials, as the browser would.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpResponseMessage page, string username, string password)
    {
        var html = await page.Content.ReadAsStringAsync();
        var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var fields = HiddenInput().Matches(html)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("username", username)).Append(new("password", password));
        return await http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The code from a redirect to the portal, after checking it is for us and carries our state.</summary>
    public string CodeFrom(HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(State, query["state"]);
        return query["code"] ?? throw new InvalidOperationException("No code in " + location);
    }

    public Task<HttpResponseMessage> RedeemAsync(string code, string? verifier) => http.PostAsync("/connect/token", new FormUrlEncodedContent(
        new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = ClientId, ["redirect_uri"] = RedirectUri, ["code"] = code,
            ["code_verifier"] = verifier,
        }.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!))));

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\">")]
    private static partial Regex FormAction();
}
