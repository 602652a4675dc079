using System.Text.Json;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.SharedKernel;

namespace SmePlatform.BuildingBlocks.Tests.SharedKernel;

public sealed class WireNamesTests
{
    public enum Stage
    {
        Enquiry,
        QAndA,
        FactoryVisit,
        C,
    }

    [Theory]
    [InlineData(Stage.Enquiry, "enquiry")]
    [InlineData(Stage.QAndA, "q_and_a")]
    [InlineData(Stage.FactoryVisit, "factory_visit")]
    [InlineData(Stage.C, "C")]
    public void Names_are_snake_case_and_a_one_letter_code_keeps_its_capital(Stage stage, string expected) =>
        Assert.Equal(expected, WireNames.Name(stage));

    [Theory]
    [InlineData("factory_visit")]
    [InlineData("FactoryVisit")]
    [InlineData("factoryVisit")]
    [InlineData("factory-visit")]
    [InlineData("FACTORY_VISIT")]
    [InlineData("  factory_visit ")]
    public void Reading_takes_the_wire_name_and_the_earlier_spellings(string text) =>
        Assert.Equal(Stage.FactoryVisit, WireNames.Parse<Stage>(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("enquiry,factory_visit")]
    [InlineData("visit")]
    [InlineData("factory visit")]
    public void Numbers_combinations_and_unknown_names_are_refused(string? text)
    {
        Assert.Null(WireNames.Parse<Stage>(text));
        Assert.False(WireNames.TryParse<Stage>(text, out _));
    }

    [Fact]
    public void The_list_for_a_refusal_names_every_member_in_order() =>
        Assert.Equal("enquiry, q_and_a, factory_visit, C", WireNames.List<Stage>());

    [Fact]
    public void Json_writes_every_member_as_the_wire_name_and_reads_it_back()
    {
        var options = new JsonSerializerOptions { Converters = { WireStyle.Enums() } };
        foreach (var stage in Enum.GetValues<Stage>())
        {
            var json = JsonSerializer.Serialize(stage, options);
            Assert.Equal($"\"{WireNames.Name(stage)}\"", json);
            Assert.Equal(stage, JsonSerializer.Deserialize<Stage>(json, options));
        }
    }
}
