using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Data;

/// <summary>
/// The reclassification job's storage and its batch. A batch is one transaction: it locks the job row (so replicas
/// running the same job take turns), reads the next enterprises in id order after the last committed one, classifies
/// them in memory, and writes back set-based (one UPDATE from arrays, one INSERT each for history and outbox) together
/// with the job's progress. A crash loses at most the batch in flight, which rolls back and is read again.
/// </summary>
public sealed class ReclassificationJobs(NpgsqlDataSource dataSource, UnitOfWorkFactory units, SizeRuleSetStore ruleSets,
    OutboxSignal outbox, TimeProvider clock)
{
    public const string AuditAction = "enterprise.reclassified";

    private const string Columns =
        """
        id, rule_set_id, rule_set_version, status, total, processed, reclassified, changed, batches, last_enterprise_id,
        requested_by, created_at, started_at, finished_at, updated_at, last_error
        """;

    private static readonly Actor Worker = Actor.System("onestop.reclassification");

    private static readonly string EventType = typeof(EnterpriseReclassified).FullName!;

    /// <summary>
    /// Opens the job of a just-published version in the publication's transaction; a job still open for an older
    /// version is superseded (the new job covers every enterprise).
    /// </summary>
    public static async Task<ReclassificationJob> OpenAsync(UnitOfWork unit, SizeRuleSet ruleSet, string requestedBy, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reclassification_jobs SET status = 'superseded', finished_at = @now, updated_at = @now WHERE status IN ('pending', 'running')",
            new { now }, unit.Transaction, cancellationToken: cancellationToken));
        var total = await unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM enterprises", transaction: unit.Transaction, cancellationToken: cancellationToken));
        var job = new ReclassificationJob
        {
            Id = Guid.CreateVersion7(), RuleSetId = ruleSet.Id, RuleSetVersion = ruleSet.Version, Status = ReclassificationStatus.Pending,
            Total = total, RequestedBy = requestedBy, CreatedAt = now, UpdatedAt = now,
        };
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO reclassification_jobs (id, rule_set_id, rule_set_version, status, total, requested_by, created_at, updated_at)
            VALUES (@Id, @RuleSetId, @RuleSetVersion, @Status, @Total, @RequestedBy, @CreatedAt, @UpdatedAt)
            """,
            job, unit.Transaction, cancellationToken: cancellationToken));
        return job;
    }

    public async Task<ReclassificationJob?> FindAsync(string ruleSetId, int ruleSetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ReclassificationJob>(new CommandDefinition(
            $"SELECT {Columns} FROM reclassification_jobs WHERE rule_set_id = @ruleSetId AND rule_set_version = @ruleSetVersion",
            new { ruleSetId, ruleSetVersion }, cancellationToken: cancellationToken));
    }

    /// <summary>The open job, if any (there is at most one).</summary>
    public async Task<ReclassificationJob?> FindOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ReclassificationJob>(new CommandDefinition(
            $"SELECT {Columns} FROM reclassification_jobs WHERE status IN ('pending', 'running') ORDER BY created_at LIMIT 1",
            cancellationToken: cancellationToken));
    }

    /// <summary>Records why the last batch failed; the job stays open and the worker tries again.</summary>
    public async Task RecordErrorAsync(Guid jobId, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reclassification_jobs SET last_error = @error, updated_at = @now WHERE id = @jobId",
            new { jobId, error, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>Runs the next batch of the job; returns the job after it (no longer open when finished or superseded).</summary>
    public async Task<ReclassificationJob> RunBatchAsync(Guid jobId, int batchSize, CancellationToken cancellationToken)
    {
        await using var unit = await units.BeginAsync(cancellationToken);
        var job = await unit.Connection.QuerySingleAsync<ReclassificationJob>(new CommandDefinition(
            $"SELECT {Columns} FROM reclassification_jobs WHERE id = @jobId FOR UPDATE", new { jobId }, unit.Transaction,
            cancellationToken: cancellationToken));
        if (!job.IsOpen)
        {
            return job;
        }

        var ruleSet = await ruleSets.GetAsync(unit.Connection, unit.Transaction, job.RuleSetId, job.RuleSetVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Job {job.Id} names size rule set {job.RuleSetId} v{job.RuleSetVersion}, which is not stored.");
        var rows = (await unit.Connection.QueryAsync<ClassifiedRow>(new CommandDefinition(
            """
            SELECT id, ward, industry_code, employees, annual_revenue, total_assets, currency, status,
                   size_class, size_rule_set_id, size_rule_set_version, size_reason
            FROM enterprises
            WHERE @after::uuid IS NULL OR id > @after
            ORDER BY id
            LIMIT @batchSize
            FOR UPDATE
            """,
            new { after = job.LastEnterpriseId, batchSize }, unit.Transaction, cancellationToken: cancellationToken))).AsList();

        var now = clock.GetUtcNow();
        var rewrites = new List<(ClassifiedRow Row, SizeClassification Result)>();
        foreach (var row in rows)
        {
            // A deactivated entry keeps the class it left the register with (its entry no longer changes); an entry
            // registered or updated after publication is already classified by this version.
            if (row.Status != EnterpriseStatus.Active
                || (row.SizeRuleSetId == ruleSet.Id && row.SizeRuleSetVersion == ruleSet.Version))
            {
                continue;
            }

            if (!IndustryCode.TryParse(row.IndustryCode, out var industry, out _))
            {
                continue;
            }

            var result = SizeClassifier.Classify(ruleSet, industry,
                new EnterpriseFigures(row.Employees, row.AnnualRevenue, row.TotalAssets, row.Currency));
            rewrites.Add((row, result));
        }

        var changed = rewrites.Where(r => r.Row.SizeClass != ClassName(r.Result)).ToList();
        if (rewrites.Count > 0)
        {
            await RewriteAsync(unit, ruleSet, rewrites, now, cancellationToken);
            await AppendHistoryAsync(unit, rewrites, cancellationToken);
        }

        if (changed.Count > 0)
        {
            await EnqueueChangesAsync(unit, ruleSet, changed, now, cancellationToken);
        }

        var finished = rows.Count < batchSize;
        var after = job with
        {
            Status = finished ? ReclassificationStatus.Completed : ReclassificationStatus.Running,
            Processed = job.Processed + rows.Count,
            Reclassified = job.Reclassified + rewrites.Count,
            Changed = job.Changed + changed.Count,
            Batches = job.Batches + 1,
            LastEnterpriseId = rows.Count > 0 ? rows[^1].Id : job.LastEnterpriseId,
            StartedAt = job.StartedAt ?? now,
            FinishedAt = finished ? now : null,
            UpdatedAt = now,
            LastError = null,
        };
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE reclassification_jobs SET status = @Status, processed = @Processed, reclassified = @Reclassified, changed = @Changed,
                batches = @Batches, last_enterprise_id = @LastEnterpriseId, started_at = @StartedAt, finished_at = @FinishedAt,
                updated_at = @UpdatedAt, last_error = NULL
            WHERE id = @Id
            """,
            after, unit.Transaction, cancellationToken: cancellationToken));
        await unit.CommitAsync(cancellationToken);
        if (changed.Count > 0)
        {
            outbox.Notify();
        }

        return after;
    }

    private static string? ClassName(SizeClassification result) => result.Class?.ToString().ToLowerInvariant();

    /// <summary>One UPDATE for the batch, from arrays; every rewritten entry gets a new row version (its ETag changes).</summary>
    private static Task RewriteAsync(UnitOfWork unit, SizeRuleSet ruleSet, List<(ClassifiedRow Row, SizeClassification Result)> rewrites,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            """
            UPDATE enterprises e
            SET size_class = u.size_class, size_rule_set_id = $4, size_rule_set_version = $5, size_reason = u.size_reason,
                row_version = e.row_version + 1, updated_at = $6
            FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, size_class, size_reason)
            WHERE e.id = u.id
            """,
            unit.Connection, unit.Transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. rewrites.Select(r => r.Row.Id)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. rewrites.Select(r => ClassName(r.Result))] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rewrites.Select(r => r.Result.Reason)] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ruleSet.Id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ruleSet.Version });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        return ExecuteAndDisposeAsync(command, cancellationToken);
    }

    /// <summary>One history row per rewritten entry: the size fields before and after (the register's history shows them).</summary>
    private static Task AppendHistoryAsync(UnitOfWork unit, List<(ClassifiedRow Row, SizeClassification Result)> rewrites,
        CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            """
            INSERT INTO audit_log (id, actor_id, actor_role, scope, action, entity_type, entity_id, before, after, trace_id)
            SELECT a.id, $4, $5, NULL, $6, 'enterprise', a.entity_id, a.before::jsonb, a.after::jsonb, $7
            FROM unnest($1::uuid[], $2::text[], $3::text[], $8::text[]) AS a(id, entity_id, before, after)
            """,
            unit.Connection, unit.Transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. rewrites.Select(_ => Guid.CreateVersion7())] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rewrites.Select(r => r.Row.Id.ToString())] });
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            TypedValue = [.. rewrites.Select(r => Snapshot(r.Row.SizeClass, r.Row.SizeRuleSetId, r.Row.SizeRuleSetVersion, r.Row.SizeReason))],
        });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Worker.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Worker.Role! });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AuditAction });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)Activity.Current?.TraceId.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            TypedValue = [.. rewrites.Select(r => Snapshot(ClassName(r.Result), r.Result.RuleSetId, r.Result.RuleSetVersion, r.Result.Reason))],
        });
        return ExecuteAndDisposeAsync(command, cancellationToken);
    }

    /// <summary>One EnterpriseReclassified per entry whose class changed, in one INSERT (positions follow the array order).</summary>
    private static Task EnqueueChangesAsync(UnitOfWork unit, SizeRuleSet ruleSet, List<(ClassifiedRow Row, SizeClassification Result)> changed,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            """
            INSERT INTO outbox_messages (id, message_type, payload, trace_parent)
            SELECT m.id, $3, m.payload::jsonb, $4
            FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS m(id, payload, n)
            ORDER BY m.n
            """,
            unit.Connection, unit.Transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. changed.Select(_ => Guid.CreateVersion7())] });
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            TypedValue =
            [
                .. changed.Select(c => JsonSerializer.Serialize(
                    new EnterpriseReclassified(c.Row.Id, c.Row.Ward, c.Row.IndustryCode, c.Row.SizeClass, ClassName(c.Result),
                        c.Row.SizeRuleSetId, c.Row.SizeRuleSetVersion, ruleSet.Id, ruleSet.Version, c.Result.Reason, now),
                    MessageJson.Options)),
            ],
        });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EventType });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)Activity.Current?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return ExecuteAndDisposeAsync(command, cancellationToken);
    }

    private static string Snapshot(string? sizeClass, string? ruleSetId, int? ruleSetVersion, string? reason) =>
        JsonSerializer.Serialize(new { sizeClass, sizeRuleSetId = ruleSetId, sizeRuleSetVersion = ruleSetVersion, sizeReason = reason }, MessageJson.Options);

    private static async Task ExecuteAndDisposeAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed record ClassifiedRow
    {
        public Guid Id { get; init; }

        public string Ward { get; init; } = "";

        public string IndustryCode { get; init; } = "";

        public int Employees { get; init; }

        public decimal AnnualRevenue { get; init; }

        public decimal TotalAssets { get; init; }

        public string Currency { get; init; } = "CNY";

        public string Status { get; init; } = "";

        public string? SizeClass { get; init; }

        public string? SizeRuleSetId { get; init; }

        public int? SizeRuleSetVersion { get; init; }

        public string? SizeReason { get; init; }
    }
}
