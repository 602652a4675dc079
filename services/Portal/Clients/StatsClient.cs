namespace SmePlatform.Portal.Clients;

/// <summary>A figure after disclosure control: a withheld one (obsStatus C) has no value.</summary>
public sealed record WardFigure(string Ward, int? Enterprises, long? Employment, decimal? Revenue, string ObsStatus)
{
    public bool Withheld => ObsStatus == "C";
}

public sealed record SectionFigure(string IndustrySection, int? Enterprises, long? Employment, decimal? Revenue, string ObsStatus)
{
    public bool Withheld => ObsStatus == "C";
}

public sealed record EnterpriseCounts(string Source, int? Total, long? Employment, decimal? Revenue, string ObsStatus, int DisclosureRulesVersion,
    IReadOnlyList<WardFigure> ByWard, IReadOnlyList<SectionFigure> ByIndustrySection);

/// <summary>ClusterStats' city-wide figures through the gateway.</summary>
public sealed class StatsClient(GatewayApi api)
{
    public Task<ApiResult<EnterpriseCounts>> EnterpriseCountsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<EnterpriseCounts>("api/stats/enterprise-counts", cancellationToken);
}
