using SmePlatform.ClusterStats.Application.Figures;
using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Application.Counts;

/// <summary>
/// Counts of active enterprises after disclosure control, and where they come from: <c>live</c> (the projection now)
/// or <c>snapshot</c> (the month-end copy of <see cref="Period"/>, taken at <see cref="TakenAt"/>). A withheld value is
/// null with <c>obsStatus</c> C; <see cref="DisclosureRulesVersion"/> names the thresholds that withheld it.
/// </summary>
public sealed record EnterpriseCountsView(
    string Source,
    DateOnly? Period,
    DateTimeOffset? TakenAt,
    int? Total,
    long? Employment,
    decimal? Revenue,
    ObsStatus ObsStatus,
    int DisclosureRulesVersion,
    IReadOnlyList<WardCount> ByWard,
    IReadOnlyList<SectionCount> ByIndustrySection,
    IReadOnlyList<CountCell> Cells)
{
    public static EnterpriseCountsView From(EnterpriseCounts counts, FigureSource source)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(source);
        return new(source.Source, source.Period, source.TakenAt, counts.Total, counts.Employment, counts.Revenue,
            counts.ObsStatus, counts.DisclosureRulesVersion, counts.ByWard, counts.ByIndustrySection, counts.Cells);
    }
}
