using System.Globalization;
using SmePlatform.ServiceDefaults.Localization;

namespace SmePlatform.BuildingBlocks.Tests.Localization;

/// <summary>The catalogue over this project's own test catalogue (Localization/Messages.zh-CN.resx beside this file).</summary>
public sealed class MessageCatalogueTests
{
    private static readonly MessageCatalogue Catalogue = new([typeof(MessageCatalogueTests).Assembly]);

    [Fact]
    public void An_exact_message_is_translated()
    {
        Assert.Equal("案件无法按所提交的内容开立。", Catalogue.Translate("The case cannot be opened as submitted.", ProblemLanguage.Chinese));
    }

    [Fact]
    public void A_template_carries_its_parts_into_the_translation_even_reordered()
    {
        Assert.Equal("金额不得超过 5000000.00 元。", Catalogue.Translate("The amount must be at most 5000000.00 yuan.", ProblemLanguage.Chinese));
        Assert.Equal("沈阳没有名为 Atlantis 的辖区。", Catalogue.Translate("Atlantis is not a ward of 沈阳.", ProblemLanguage.Chinese));
    }

    [Fact]
    public void A_part_that_is_a_phrase_of_the_catalogue_is_translated_too()
    {
        Assert.Equal("必须填写 申请代偿金额（元）。", Catalogue.Translate("The the amount claimed in CNY must be set.", ProblemLanguage.Chinese));
    }

    [Fact]
    public void The_most_specific_template_wins()
    {
        // "The {0} must be set." would match too; the template with more fixed words is the one meant.
        Assert.Equal("转介 R-7 已于 2026-12-01 结束。", Catalogue.Translate("The referral R-7 was closed on 2026-12-01.", ProblemLanguage.Chinese));
        Assert.Equal("必须填写 ward。", Catalogue.Translate("The ward must be set.", ProblemLanguage.Chinese));
    }

    [Fact]
    public void A_message_without_a_translation_stays_as_it_is()
    {
        Assert.Equal("Something nobody translated.", Catalogue.Translate("Something nobody translated.", ProblemLanguage.Chinese));
        Assert.Equal("The amount must be at most 5 yuan!", Catalogue.Translate("The amount must be at most 5 yuan!", ProblemLanguage.Chinese));
    }

    [Fact]
    public void English_is_the_key_and_is_never_looked_up()
    {
        Assert.Equal("The case cannot be opened as submitted.", Catalogue.Translate("The case cannot be opened as submitted.", ProblemLanguage.English));
        Assert.Equal(6, Catalogue.Count(CultureInfo.GetCultureInfo("zh-CN")));
    }
}
