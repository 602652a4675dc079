using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.Diagnosis.Tests.Api;

/// <summary>The presets the migration seeds are the ones the documentation and the domain tests use.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RulesTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    [Fact]
    public async Task The_preset_band_table_is_the_documented_one_with_the_rank_cut_offs()
    {
        using var clerk = Factory.As("counter_staff", ward: "tiexi");
        var table = await clerk.GetFromJsonAsync<JsonElement>($"{Api}/band-tables/current");
        Assert.Equal("local-benchmark-preset", table.GetProperty("id").GetString());
        var bands = table.GetProperty("bands").EnumerateArray().ToDictionary(b => b.GetProperty("indicator").GetString()!);
        foreach (var expected in Domain.WorkedExample.PresetBands.Bands)
        {
            var band = bands[expected.Indicator];
            Assert.Equal(expected.Edges, band.GetProperty("edges").EnumerateArray().Select(e => e.GetDecimal()));
            Assert.Equal(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(expected.Direction.ToString()), band.GetProperty("direction").GetString());
            Assert.Equal(expected.Assumption, band.GetProperty("assumption").GetBoolean());
        }

        Assert.Equal(24m, table.GetProperty("rankCutoffs").GetProperty("a").GetDecimal());
        Assert.Equal(12m, table.GetProperty("rankCutoffs").GetProperty("c").GetDecimal());
    }

    [Fact]
    public async Task The_preset_catalogue_maps_each_weak_indicator_to_its_programmes()
    {
        var catalogue = await Advisor.GetFromJsonAsync<JsonElement>($"{Api}/programmes");
        Assert.Equal(2, catalogue.GetProperty("weakAtOrBelow").GetInt32());
        Assert.Equal(Domain.WorkedExample.PresetCatalogue.Programmes.Select(p => (p.Code, p.Indicator, p.Target, p.NameZh)),
            catalogue.GetProperty("programmes").EnumerateArray().Select(p => (p.GetProperty("code").GetString()!, p.GetProperty("indicator").GetString()!,
                p.GetProperty("target").GetString()!, p.GetProperty("nameZh").GetString()!)));
    }
}
