using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using OpenIddict.Abstractions;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// The sign-in page of the code flow: plain server-rendered HTML, Chinese first with English beside it, no script.
/// The authorization request travels in hidden fields, so the POST is the same request with the credentials added.
/// </summary>
public static class SignInPage
{
    public const string Wrong = "用户名或密码错误。 The user name or password is wrong.";
    public const string Missing = "请输入用户名和密码。 Enter your user name and password.";
    public const string Expired = "页面已过期，请重新登录。 The page has expired; please sign in again.";

    public static string Locked(DateTimeOffset until)
    {
        var time = until.ToString("HH:mm", CultureInfo.InvariantCulture);
        return $"登录失败次数过多，请在 {time} (UTC) 之后重试或联系管理员。 Too many failed sign-ins. Try again after {time} UTC or ask an administrator.";
    }

    private const string Style =
        "body{font-family:sans-serif;max-width:26em;margin:3em auto;padding:0 1em}label{display:block;margin:1em 0 .3em}"
        + "input{width:100%;padding:.4em;box-sizing:border-box}button{margin-top:1.2em;padding:.5em 2em}.error{color:#b00020}";

    /// <summary>The only style the page may apply (the CSP names its hash); nothing else runs or loads.</summary>
    private static readonly string Policy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; frame-ancestors 'none'";

    /// <summary>Parameters never echoed back: the credentials and the antiforgery token (a fresh one is added).</summary>
    private static readonly HashSet<string> NotEchoed = new(StringComparer.Ordinal)
    {
        OpenIddictConstants.Parameters.Username, OpenIddictConstants.Parameters.Password, "__RequestVerificationToken",
    };

    public static IResult Render(string action, OpenIddictRequest request, string client, AntiforgeryTokenSet tokens, string? error, string? username)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>登录 Sign in · 沈阳市中小企业服务平台 SmePlatform</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>登录 <small>Sign in</small></h1>")
            .Append("<p>").Append(Encode(client)).Append(" 请求您登录。 <span lang=\"en\">asks you to sign in.</span></p>");
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(Encode(error)).Append("</p>");
        }

        // The form posts to the endpoint's own path: the request travels in the body, never twice (query and form).
        html.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (!NotEchoed.Contains(name) && (string?)value is { } text)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(text)).Append("\">");
            }
        }

        html.Append("<input type=\"hidden\" name=\"").Append(Encode(tokens.FormFieldName)).Append("\" value=\"")
            .Append(Encode(tokens.RequestToken ?? string.Empty)).Append("\">")
            .Append("<label for=\"username\">用户名 <span lang=\"en\">User name</span></label>")
            .Append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"").Append(Encode(username ?? string.Empty)).Append("\">")
            .Append("<label for=\"password\">密码 <span lang=\"en\">Password</span></label>")
            .Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>")
            .Append("<button type=\"submit\">登录 <span lang=\"en\">Sign in</span></button></form></body></html>");
        return new PageResult(html.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private sealed class PageResult(string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.CacheControl = "no-store";
            return Results.Content(html, "text/html; charset=utf-8").ExecuteAsync(httpContext);
        }
    }
}
