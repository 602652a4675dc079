using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Tests.Domain;

public sealed class EnterpriseCountsTests
{
    [Fact]
    public void Summaries_add_up_by_ward_and_section()
    {
        var counts = EnterpriseCounts.Summarise(
            [new CountCell("dadong", "C", 2), new CountCell("heping", "C", 3), new CountCell("heping", "F", 1)]);
        Assert.Equal(6, counts.Total);
        Assert.Equal([new WardCount("dadong", 2), new WardCount("heping", 4)], counts.ByWard);
        Assert.Equal([new SectionCount("C", 5), new SectionCount("F", 1)], counts.ByIndustrySection);
    }
}
