using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace SmePlatform.Testing;

/// <summary>
/// An enterprise as a test registers it in OneStop's register: valid defaults (a small Heping manufacturer, a fresh code,
/// a name of its own), to be changed with <c>with</c> where a test cares. Serialised as the API reads it (camelCase).
/// </summary>
public sealed record TestEnterprise
{
    public TestEnterprise()
    {
        Uscc = TestUscc.New();
        Name = "沈阳测试企业" + Uscc[^6..] + "有限公司";
    }

    public string Uscc { get; init; }

    public string Name { get; init; }

    public string Ward { get; init; } = "heping";

    public string IndustryCode { get; init; } = "C3511";

    public int Employees { get; init; } = 5;

    public decimal AnnualRevenue { get; init; } = 100_000m;

    public decimal TotalAssets { get; init; } = 50_000m;

    /// <summary>Tests register many similar names in one ward; each is a different enterprise.</summary>
    public bool ConfirmNotDuplicate { get; init; } = true;
}

/// <summary>A registered enterprise: its id, code, ETag and the answer as sent.</summary>
public sealed record RegisteredEnterprise(Guid Id, string Uscc, string? ETag, JsonElement Body);

/// <summary>The one way tests register an enterprise through the REST API (OneStop directly, or through the gateway).</summary>
public static class TestEnterprises
{
    public const string Path = "/api/onestop/enterprises";

    /// <summary>
    /// Registers <paramref name="enterprise"/> (the defaults when null) and asserts 201. A 429 (another test emptied the
    /// caller's rate-limit bucket) is retried when the answer says, up to ten times: not a verdict on the flow under test.
    /// </summary>
    public static async Task<RegisteredEnterprise> RegisterEnterpriseAsync(this HttpClient client, TestEnterprise? enterprise = null,
        CancellationToken cancellationToken = default)
    {
        enterprise ??= new TestEnterprise();
        var response = await client.PostAsJsonAsync(Path, enterprise, cancellationToken);
        for (var attempt = 0; response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 10; attempt++)
        {
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
            response.Dispose();
            response = await client.PostAsJsonAsync(Path, enterprise, cancellationToken);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            var body = JsonSerializer.Deserialize<JsonElement>(text);
            return new RegisteredEnterprise(body.GetProperty("id").GetGuid(), enterprise.Uscc, response.Headers.ETag?.Tag, body);
        }
    }

    /// <summary>The registration request itself, for tests that look at the answer or add headers (a trace context).</summary>
    public static HttpRequestMessage Registration(TestEnterprise? enterprise = null) =>
        new(HttpMethod.Post, Path) { Content = JsonContent.Create(enterprise ?? new TestEnterprise()) };
}

/// <summary>
/// Valid Unified Social Credit Codes the way a client makes them: from the published rule (GB 32100-2015), not from the
/// service's code, so the check is independent.
/// </summary>
public static class TestUscc
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <param name="division">The administrative division of registration (210102: Heping, Shenyang).</param>
    public static string New(string division = "210102")
    {
        var body = "91" + division + new string(Random.Shared.GetItems(Alphabet.AsSpan(), 9));
        var sum = body.Select((c, i) => Alphabet.IndexOf(c, StringComparison.Ordinal) * Weights[i]).Sum();
        return body + Alphabet[(31 - sum % 31) % 31];
    }
}
