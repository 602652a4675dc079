using System.Net;
using System.Text;

namespace SmePlatform.Benchmarks;

/// <summary>
/// Enterprise registrations per second straight to OneStop and through the gateway, alternating the two in
/// rounds so that drift on a shared machine hits both alike; the gateway's overhead is reported as a ratio.
/// </summary>
public static class GatewayOverhead
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static async Task<IReadOnlyList<LoadResult>> RunAsync(Uri gateway, Uri direct, int requests, int concurrency, int rounds)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        // Both paths carry the same token: OneStop validates it either way, the gateway too on its path.
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await SignInAsync(client, gateway));
        var results = new List<LoadResult>();

        // Warm-up of both paths: JIT, connection pools, PostgreSQL caches.
        await LoadRun.RunAsync("warm-up", 200, concurrency, _ => Register(client, direct), CancellationToken.None);
        await LoadRun.RunAsync("warm-up", 200, concurrency, _ => Register(client, gateway), CancellationToken.None);

        await Rounds("", (c, target, _) => Register(c, target));

        // Reads of enterprises registered above: a cheap request where the gateway's own cost is not drowned by the
        // database work of a registration (duplicate screening, trigram indexes, outbox, audit).
        var ids = registered.ToArray();
        await Rounds("-read", (c, target, i) => Read(c, target, ids[i % ids.Length]));
        return results;

        async Task Rounds(string suffix, Func<HttpClient, Uri, int, Task<bool>> send)
        {
            for (var round = 0; round < rounds; round++)
            {
                var order = round % 2 == 0 ? new[] { ("direct", direct), ("gateway", gateway) } : [("gateway", gateway), ("direct", direct)];
                foreach (var (name, target) in order)
                {
                    var result = await LoadRun.RunAsync(name + suffix, requests, concurrency, i => send(client, target, i), CancellationToken.None);
                    Console.WriteLine($"  round {round + 1} {result.Target,-13} {result.PerSecond,8:F0}/s  p50 {result.P50Ms,6:F1} ms  p99 {result.P99Ms,6:F1} ms  failures {result.Failures}");
                    results.Add(result);
                }
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<Guid> registered = [];

    private static readonly string[] Wards =
        ["heping", "shenhe", "dadong", "huanggu", "tiexi", "sujiatun", "dongling", "xinchengzi", "yuhong", "liaozhong", "kangping", "faku", "xinmin"];

    private static async Task<bool> Read(HttpClient client, Uri target, Guid id)
    {
        using var response = await client.GetAsync(new Uri(target, $"/api/onestop/enterprises/{id}"));
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>The demo administrator (may register in any ward), through the gateway's token endpoint.</summary>
    private static async Task<string> SignInAsync(HttpClient client, Uri gateway)
    {
        using var response = await client.PostAsync(new Uri(gateway, "/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "admin", ["password"] = "demo",
        }));
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Spread over the 13 wards with distinct names, as real intake is, so no ward's index becomes a hot spot.</summary>
    private static async Task<bool> Register(HttpClient client, Uri target)
    {
        var ward = Wards[Random.Shared.Next(Wards.Length)];
        var body = $$"""
            {"uscc":"{{NewUscc()}}","name":"基准测试企业{{Guid.NewGuid():N}}","ward":"{{ward}}","industryCode":"C3511","employees":50,"annualRevenue":12000000,"totalAssets":8000000}
            """;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(target, "/api/onestop/enterprises"), content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return false;
        }

        if (registered.Count < 1000)
        {
            using var created = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            registered.Add(created.RootElement.GetProperty("id").GetGuid());
        }

        return true;
    }

    private static string NewUscc()
    {
        var body = "91210106" + new string(Random.Shared.GetItems(Alphabet.AsSpan(), 9));
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            sum += Alphabet.IndexOf(body[i], StringComparison.Ordinal) * Weights[i];
        }

        return body + Alphabet[(31 - sum % 31) % 31];
    }
}
