using SmePlatform.Testing;

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
        var uscc = TestUscc.New("210106");
        var enterprise = new TestEnterprise
        {
            Uscc = uscc, Name = namePrefix + uscc[^6..], Ward = "tiexi", Employees = 120, AnnualRevenue = 45_000_000m, TotalAssets = 30_000_000m,
        };
        return (await platform.As("admin").RegisterEnterpriseAsync(enterprise)).Uscc;
    }
}
