using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// The authorization matrix, against the running platform through the gateway: every endpoint each service
/// reports in its access catalogue, called as every demo identity and as nobody. An endpoint without a declared
/// rule fails the test, so a new endpoint cannot ship without deciding who may call it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class AuthorizationMatrixTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly string[] Services = ["onestop", "guarantee", "diagnosis", "matching", "stats"];

    private sealed record Entry(string Method, string Route, string[]? Roles, string? Scope);

    [Fact]
    public async Task Every_endpoint_allows_exactly_its_declared_roles()
    {
        var failures = new List<string>();
        var checkedCalls = 0;
        foreach (var service in Services)
        {
            using var catalogue = await platform.As("admin").GetAsync($"/api/{service}/_meta/access");
            Assert.True(catalogue.IsSuccessStatusCode, $"{service} access catalogue: {(int)catalogue.StatusCode}");
            var entries = await catalogue.Content.ReadFromJsonAsync<Entry[]>(JsonOptions);
            Assert.NotEmpty(entries!);

            foreach (var entry in entries!)
            {
                if (entry.Roles is null)
                {
                    failures.Add($"{service}: {entry.Method} {entry.Route} declares no access rule (RequireAccess or AllowAnonymousByDesign)");
                    continue;
                }

                if (entry.Route.StartsWith("/health/", StringComparison.Ordinal) || !entry.Route.StartsWith("/api/", StringComparison.Ordinal))
                {
                    continue; // health is per service, not through the gateway; gRPC methods are covered by the gRPC matrix
                }

                var path = Concrete(entry.Route);
                var anonymous = await Call(null, entry.Method, path);
                checkedCalls++;
                if (entry.Roles.Length > 0 && anonymous != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{entry.Method} {path} without a token: {(int)anonymous}, expected 401");
                }

                foreach (var identity in DemoIdentities.All)
                {
                    var status = await Call(identity.Name, entry.Method, path);
                    checkedCalls++;
                    var allowed = entry.Roles.Length == 0 || entry.Roles.Contains(identity.Role);
                    var denied = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                    if (allowed == denied)
                    {
                        failures.Add($"{entry.Method} {path} as {identity.Name} ({identity.Role}): {(int)status}, expected {(allowed ? "allowed" : "403")}");
                    }
                }
            }
        }

        output.WriteLine($"{checkedCalls} calls checked");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(checkedCalls > 50, $"only {checkedCalls} calls: the catalogues look empty");
    }

    private async Task<HttpStatusCode> Call(string? identity, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        if (identity is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await platform.TokenFor(identity));
        }

        var response = await platform.Anonymous.SendAsync(request);
        // Another test may have emptied this user's rate-limit bucket: wait as told and ask again (not a verdict).
        for (var attempt = 0; response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5; attempt++)
        {
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            response.Dispose();
            using var again = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content is null ? null : new StringContent("{}", Encoding.UTF8, "application/json") };
            again.Headers.Authorization = request.Headers.Authorization;
            response = await platform.Anonymous.SendAsync(again);
        }

        using (response)
        {
            return response.StatusCode;
        }
    }

    /// <summary>Fills route parameters with plausible values: a fresh id, a word, a number.</summary>
    private static string Concrete(string route) => RouteParameter().Replace(route, match => match.Groups["constraint"].Value switch
    {
        "guid" => Guid.CreateVersion7().ToString(),
        "int" or "long" => "1",
        _ => "x",
    });

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z]+)(:(?<constraint>[a-z]+))?[^}]*\}")]
    private static partial Regex RouteParameter();

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
