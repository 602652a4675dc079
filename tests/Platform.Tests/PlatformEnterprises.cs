using System.Net;
using System.Net.Http.Json;

namespace SmePlatform.Platform.Tests;

/// <summary>Enterprises the platform tests need in the register before a bank can apply for them.</summary>
internal static class PlatformEnterprises
{
    /// <summary>
    /// Registers a medium-sized Tiexi manufacturer through the gateway as the administrator and returns its USCC. The name
    /// is <paramref name="namePrefix"/> followed by the USCC's last six characters, so each call is a different enterprise.
    /// </summary>
    public static async Task<string> RegisterTiexiManufacturerAsync(this PlatformFixture platform, string namePrefix)
    {
        var uscc = Uscc.New("210106");
        var body = new
        {
            uscc,
            name = namePrefix + uscc[^6..],
            ward = "tiexi",
            industryCode = "C3511",
            employees = 120,
            annualRevenue = 45_000_000m,
            totalAssets = 30_000_000m,
            // Other tests register enterprises with similar names in the ward; this one is a different enterprise.
            confirmNotDuplicate = true,
        };
        var response = await platform.As("admin").PostAsJsonAsync("/api/onestop/enterprises", body);
        // Another test may have emptied the administrator's rate-limit bucket: wait as told (not a verdict on this flow).
        for (var attempt = 0; response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 10; attempt++)
        {
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            response.Dispose();
            response = await platform.As("admin").PostAsJsonAsync("/api/onestop/enterprises", body);
        }

        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        return uscc;
    }
}
