using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Data;

/// <summary>One published version of a procedure with when and by whom (null for the seeded presets).</summary>
public sealed record ProcedureVersion(Procedure Procedure, DateTimeOffset PublishedAt, string? PublishedBy);

/// <summary>Editing the service catalogue: every change is a new version row; nothing is updated in place.</summary>
public sealed class ProcedureStore(NpgsqlDataSource dataSource)
{
    /// <summary>The columns <see cref="Row"/> reads; the case store reads procedures with them too.</summary>
    internal const string Columns =
        "code, version, name_en, name_zh, responsible_office, fee_cny, time_limit_days, documents_new::text AS documents_new, " +
        "documents_renewal::text AS documents_renewal, created_at, published_by";

    /// <summary>
    /// Serialises catalogue edits of one code for the rest of the unit (two publishers of the same code queue here, so
    /// the second sees the first's version and answers 412 instead of colliding on the primary key), then reads the
    /// current version; null when the code is not in the catalogue.
    /// </summary>
    public static async Task<ProcedureVersion?> LockCurrentAsync(UnitOfWork unit, string code, CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('procedure:' || @code, 0))", new { code }, unit.Transaction,
            cancellationToken: cancellationToken));
        var row = await unit.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM procedures WHERE code = @code ORDER BY version DESC LIMIT 1", new { code }, unit.Transaction,
            cancellationToken: cancellationToken));
        return row?.ToVersion();
    }

    public static Task InsertAsync(UnitOfWork unit, Procedure procedure, string publishedBy, DateTimeOffset now, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO procedures (code, version, name_en, name_zh, responsible_office, fee_cny, time_limit_days, documents_new, documents_renewal,
                                    created_at, published_by)
            VALUES (@Code, @Version, @NameEn, @NameZh, @ResponsibleOffice, @FeeCny, @TimeLimitWorkingDays, CAST(@DocumentsNew AS jsonb),
                    CAST(@DocumentsRenewal AS jsonb), @now, @publishedBy)
            """,
            new
            {
                procedure.Code,
                procedure.Version,
                procedure.NameEn,
                procedure.NameZh,
                procedure.ResponsibleOffice,
                procedure.FeeCny,
                procedure.TimeLimitWorkingDays,
                DocumentsNew = JsonSerializer.Serialize(procedure.DocumentsNew, CaseStore.Json),
                DocumentsRenewal = JsonSerializer.Serialize(procedure.DocumentsRenewal, CaseStore.Json),
                now,
                publishedBy,
            },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Every version of a procedure, the newest first; empty when the code is unknown.</summary>
    public async Task<IReadOnlyList<ProcedureVersion>> VersionsAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM procedures WHERE code = @code ORDER BY version DESC", new { code }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToVersion()).ToList();
    }

    /// <summary>A procedures row as stored; the one mapping from the table to <see cref="Procedure"/>.</summary>
    internal sealed class Row
    {
        public string Code { get; set; } = "";

        public int Version { get; set; }

        public string NameEn { get; set; } = "";

        public string NameZh { get; set; } = "";

        public string ResponsibleOffice { get; set; } = "";

        public decimal FeeCny { get; set; }

        public int TimeLimitDays { get; set; }

        public string DocumentsNew { get; set; } = "[]";

        public string DocumentsRenewal { get; set; } = "[]";

        public DateTimeOffset CreatedAt { get; set; }

        public string? PublishedBy { get; set; }

        public Procedure ToProcedure() => new(Code, Version, NameEn, NameZh, ResponsibleOffice, FeeCny, TimeLimitDays,
            JsonSerializer.Deserialize<List<RequiredDocument>>(DocumentsNew, CaseStore.Json)!,
            JsonSerializer.Deserialize<List<RequiredDocument>>(DocumentsRenewal, CaseStore.Json)!);

        public ProcedureVersion ToVersion() => new(ToProcedure(), CreatedAt, PublishedBy);
    }
}
