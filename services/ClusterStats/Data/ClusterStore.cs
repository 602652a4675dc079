using Dapper;
using Npgsql;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Data;

/// <summary>An enterprise's ward and industry code as a figure source holds them.</summary>
public sealed record EnterprisePlace(Guid EnterpriseId, string Ward, string IndustryCode, bool Active);

/// <summary>The <c>cluster_versions</c> and <c>cluster_members</c> tables: every version of every cluster, kept.</summary>
public sealed class ClusterStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "cluster_id, version, effective_from, name_zh, name_en, industry_codes, wards, pattern, government_role, origin, preset, source";

    /// <summary>Every version of every cluster (or of one), ordered by cluster and version.</summary>
    public async Task<IReadOnlyList<ClusterDefinition>> AllAsync(string? clusterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cluster_versions WHERE @clusterId::text IS NULL OR cluster_id = @clusterId ORDER BY cluster_id, version",
            new { clusterId }, cancellationToken: cancellationToken))).ToArray();
        var members = (await connection.QueryAsync<MemberRow>(new CommandDefinition(
            """
            SELECT cluster_id, version, enterprise_id, role FROM cluster_members
            WHERE @clusterId::text IS NULL OR cluster_id = @clusterId ORDER BY cluster_id, version, enterprise_id
            """, new { clusterId }, cancellationToken: cancellationToken))).ToLookup(m => (m.ClusterId, m.Version));
        return [.. rows.Select(r => r.ToDefinition(members[(r.ClusterId, r.Version)]))];
    }

    /// <summary>The latest version of <paramref name="clusterId"/>, its row locked until the transaction ends (null: no such cluster).</summary>
    public static async Task<ClusterDefinition?> LockLatestAsync(UnitOfWork unit, string clusterId, CancellationToken cancellationToken)
    {
        var row = await unit.Connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cluster_versions WHERE cluster_id = @clusterId ORDER BY version DESC LIMIT 1 FOR UPDATE",
            new { clusterId }, unit.Transaction, cancellationToken: cancellationToken));
        return row?.ToDefinition([]);
    }

    /// <summary>Adds a version; false when another writer added the same version first (the primary key decides).</summary>
    public static async Task<bool> AddAsync(UnitOfWork unit, ClusterDefinition cluster, DateTimeOffset at, string by, CancellationToken cancellationToken)
    {
        var inserted = await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO cluster_versions (cluster_id, version, effective_from, name_zh, name_en, industry_codes, wards, pattern, government_role,
                                          origin, preset, source, created_at, created_by)
            VALUES (@ClusterId, @Version, @EffectiveFrom, @NameZh, @NameEn, @codes, @wards, @pattern, @governmentRole, @origin, @Preset, @Source, @at, @by)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                cluster.ClusterId, cluster.Version, cluster.EffectiveFrom, cluster.NameZh, cluster.NameEn, codes = cluster.IndustryCodes.ToArray(),
                wards = cluster.Wards.ToArray(), pattern = cluster.Pattern.ToString(), governmentRole = cluster.GovernmentRole.ToString(),
                origin = cluster.Origin.ToString(), cluster.Preset, cluster.Source, at, by,
            }, unit.Transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return false;
        }

        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO cluster_members (cluster_id, version, enterprise_id, role)
            SELECT @ClusterId, @Version, unnest(@ids), unnest(@roles)
            """,
            new
            {
                cluster.ClusterId, cluster.Version, ids = cluster.Members.Select(m => m.EnterpriseId).ToArray(),
                roles = cluster.Members.Select(m => m.Role.ToString()).ToArray(),
            }, unit.Transaction, cancellationToken: cancellationToken));
        return true;
    }

    /// <summary>Which of <paramref name="ids"/> the register has announced (active or not).</summary>
    public async Task<IReadOnlySet<Guid>> KnownEnterprisesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new HashSet<Guid>();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT enterprise_id FROM registered_enterprises WHERE enterprise_id = ANY(@ids) AND ward IS NOT NULL",
            new { ids = ids.ToArray() }, cancellationToken: cancellationToken))).ToHashSet();
    }

    /// <summary>
    /// Where and in which industry an enterprise is, live (active or not) or in the snapshot of <paramref name="period"/>
    /// (active ones only); null when the register has not announced it there.
    /// </summary>
    public async Task<EnterprisePlace?> PlaceAsync(Guid enterpriseId, DateOnly? period, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EnterprisePlace>(new CommandDefinition(period is null
                ? """
                  SELECT enterprise_id, ward, industry_code, left_at IS NULL AS active FROM registered_enterprises
                  WHERE enterprise_id = @enterpriseId AND ward IS NOT NULL AND industry_code IS NOT NULL
                  """
                : "SELECT enterprise_id, ward, industry_code, true AS active FROM snapshot_enterprises WHERE period = @period AND enterprise_id = @enterpriseId",
            new { enterpriseId, period }, cancellationToken: cancellationToken));
    }

    private sealed record MemberRow(string ClusterId, int Version, Guid EnterpriseId, string Role);

    private sealed class VersionRow
    {
        public string ClusterId { get; init; } = "";
        public int Version { get; init; }
        public DateOnly EffectiveFrom { get; init; }
        public string NameZh { get; init; } = "";
        public string NameEn { get; init; } = "";
        public string[] IndustryCodes { get; init; } = [];
        public string[] Wards { get; init; } = [];
        public string Pattern { get; init; } = "";
        public string GovernmentRole { get; init; } = "";
        public string Origin { get; init; } = "";
        public bool Preset { get; init; }
        public string? Source { get; init; }

        public ClusterDefinition ToDefinition(IEnumerable<MemberRow> members) =>
            new(ClusterId, Version, EffectiveFrom, NameZh, NameEn, IndustryCodes, Wards,
                [.. members.Select(m => new ClusterMember(m.EnterpriseId, Enum.Parse<MemberRole>(m.Role)))],
                Enum.Parse<ClusterPattern>(Pattern), Enum.Parse<GovernmentRole>(GovernmentRole), Enum.Parse<ClusterOrigin>(Origin), Preset, Source);
    }
}
