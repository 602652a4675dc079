using System.Security.Claims;
using Microsoft.Extensions.Options;
using SmePlatform.Application;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Application.Configuration;

/// <summary>The band table in force with the rank cut-offs and the pre-sort rule it is used with.</summary>
public sealed record BandTableView(string Id, int Version, IReadOnlyList<IndicatorBand> Bands, RankCutoffs RankCutoffs, PreSortRule PreSort);

/// <summary>The band table and rank rules in force (not confidential: the same for every enterprise).</summary>
public sealed class GetBandTableHandler(RulesStore rules, IOptions<DiagnosisOptions> options)
{
    public async Task<Outcome<BandTableView>> HandleAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        var table = await rules.CurrentBandTableAsync(ct);
        return new BandTableView(table.Id, table.Version, table.Bands, options.Value.Cutoffs, options.Value.PreSort);
    }
}

/// <summary>The programme catalogue in force.</summary>
public sealed class GetCatalogueHandler(RulesStore rules)
{
    public async Task<Outcome<ProgrammeCatalogue>> HandleAsync(ClaimsPrincipal caller, CancellationToken ct) => await rules.CurrentCatalogueAsync(ct);
}
