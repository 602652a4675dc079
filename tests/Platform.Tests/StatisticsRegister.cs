using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// What the statistics registry holds for a ward, read through the gateway. Published counts withhold small cells
/// (disclosure control), so a test that must see one more enterprise counted reads the firm list behind the cell,
/// which only the SME Office may open.
/// </summary>
internal static class StatisticsRegister
{
    /// <summary>The ids of the ward's active enterprises in one GB/T 4754 section (C, manufacturing, by default).</summary>
    public static async Task<IReadOnlySet<Guid>> EnterprisesOfAsync(PlatformFixture platform, string ward, string section = "C")
    {
        var firms = await platform.As("smeoffice.liu").GetFromJsonAsync<JsonElement>($"/api/stats/enterprise-counts/cells/{ward}/{section}/enterprises");
        return firms.EnumerateArray().Select(f => f.GetProperty("enterpriseId").GetGuid()).ToHashSet();
    }

    public static async Task<int> CountOfAsync(PlatformFixture platform, string ward, string section = "C") =>
        (await EnterprisesOfAsync(platform, ward, section)).Count;
}
