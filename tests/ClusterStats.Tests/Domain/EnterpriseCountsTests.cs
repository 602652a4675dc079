using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Tests.Domain;

public sealed class EnterpriseCountsTests
{
    private static FigureCell Cell(string ward, string section, int enterprises) =>
        new(ward, section, new CellContent(enterprises, enterprises * 10, enterprises * 100m, 10, 100m));

    [Fact]
    public void Summaries_add_up_by_ward_and_section_when_nothing_is_withheld()
    {
        var counts = EnterpriseCounts.Summarise([Cell("dadong", "C", 5), Cell("heping", "C", 3), Cell("heping", "F", 4)], DisclosureRules.Preset);
        Assert.Equal((12, ObsStatus.A, 1), (counts.Total, counts.ObsStatus, counts.DisclosureRulesVersion));
        Assert.Equal([new WardCount("dadong", 5, 50, 500m, ObsStatus.A), new WardCount("heping", 7, 70, 700m, ObsStatus.A)], counts.ByWard);
        Assert.Equal([new SectionCount("C", 8, 80, 800m, ObsStatus.A), new SectionCount("F", 4, 40, 400m, ObsStatus.A)], counts.ByIndustrySection);
    }

    [Fact]
    public void A_withheld_cell_shows_no_value_anywhere_and_an_empty_cell_withheld_with_it_is_listed()
    {
        // dadong × F is empty; heping × F holds 2: withholding it alone would let heping's total give it away.
        var counts = EnterpriseCounts.Summarise([Cell("dadong", "C", 5), Cell("heping", "C", 3), Cell("heping", "F", 2)], DisclosureRules.Preset);

        var withheld = counts.Cells.Where(c => c.ObsStatus == ObsStatus.C).ToArray();
        Assert.Contains(withheld, c => (c.Ward, c.IndustrySection) == ("heping", "F"));
        Assert.All(withheld, c => Assert.Equal((null, null, null), (c.Enterprises, c.Employment, c.Revenue)));
        Assert.True(withheld.Length >= 4);
        Assert.Contains(counts.Cells, c => (c.Ward, c.IndustrySection, c.ObsStatus) == ("dadong", "F", ObsStatus.C));
    }
}
