using Dapper;
using Npgsql;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Data;

/// <summary>The versioned configuration: band tables and the programme catalogue (the latest version of each is in force).</summary>
public sealed class RulesStore(NpgsqlDataSource dataSource)
{
    public async Task<BandTable> CurrentBandTableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<BandRow>(new CommandDefinition(
            """
            SELECT r.table_id, r.version, r.industry, r.indicator, r.direction, r.edges, r.source, r.assumption
            FROM band_rows r
            JOIN (SELECT id, version FROM band_tables ORDER BY created_at DESC, version DESC LIMIT 1) t ON t.id = r.table_id AND t.version = r.version
            ORDER BY r.industry, r.indicator
            """, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            throw new InvalidOperationException("No band table is configured; migration 0002 seeds the preset.");
        }

        return new BandTable(rows[0].TableId, rows[0].Version,
            [.. rows.Select(r => new IndicatorBand(r.Indicator, r.Industry, Enum.Parse<BandDirection>(r.Direction), r.Edges, r.Source, r.Assumption))]);
    }

    public async Task<ProgrammeCatalogue> CurrentCatalogueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var catalogue = await connection.QuerySingleAsync<(int Version, int WeakAtOrBelow)>(new CommandDefinition(
            "SELECT version, weak_at_or_below FROM catalogues ORDER BY version DESC LIMIT 1", cancellationToken: cancellationToken));
        var programmes = await connection.QueryAsync<Programme>(new CommandDefinition(
            "SELECT code, indicator, name_en AS NameEn, name_zh AS NameZh, target, assumption FROM programmes WHERE catalogue_version = @version ORDER BY position",
            new { version = catalogue.Version }, cancellationToken: cancellationToken));
        return new ProgrammeCatalogue(catalogue.Version, catalogue.WeakAtOrBelow, [.. programmes]);
    }

    private sealed class BandRow
    {
        public string TableId { get; set; } = "";
        public int Version { get; set; }
        public string Industry { get; set; } = "";
        public string Indicator { get; set; } = "";
        public string Direction { get; set; } = "";
        public decimal[] Edges { get; set; } = [];
        public string Source { get; set; } = "";
        public bool Assumption { get; set; }
    }
}
