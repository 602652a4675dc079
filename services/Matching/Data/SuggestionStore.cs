using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Matching.Domain.Scoring;

namespace SmePlatform.Matching.Data;

/// <summary>A stored suggestion: an offer for a need with its explained score, and its dismissal if any.</summary>
public sealed class SuggestionRow
{
    public Guid NeedId { get; init; }
    public Guid OfferId { get; init; }
    public int Score { get; init; }
    public string Reasons { get; init; } = null!;
    public int WeightsVersion { get; init; }
    public DateTimeOffset ComputedAt { get; init; }
    public string? DismissedReason { get; init; }
    public string? DismissedBy { get; init; }
    public DateTimeOffset? DismissedAt { get; init; }

    public IReadOnlyList<ScoreReason> ReasonList => DocumentJson.Read<ScoreReason[]>(Reasons);
}

/// <summary>The suggestions of each need: replaced on every recomputation, except that a dismissal is kept.</summary>
public sealed class SuggestionStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "need_id AS NeedId, offer_id AS OfferId, score, reasons::text AS Reasons, weights_version AS WeightsVersion, computed_at AS ComputedAt, " +
        "dismissed_reason AS DismissedReason, dismissed_by AS DismissedBy, dismissed_at AS DismissedAt";

    public async Task<IReadOnlyList<SuggestionRow>> OfNeedAsync(Guid needId, bool includeDismissed, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<SuggestionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM suggestions WHERE need_id = @needId AND (@includeDismissed OR dismissed_at IS NULL) ORDER BY score DESC, offer_id",
            new { needId, includeDismissed }, cancellationToken: ct));
        return [.. rows];
    }

    public async Task<SuggestionRow?> FindAsync(Guid needId, Guid offerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SuggestionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM suggestions WHERE need_id = @needId AND offer_id = @offerId", new { needId, offerId }, cancellationToken: ct));
    }

    /// <summary>
    /// Replaces a need's suggestions with <paramref name="top"/>: rows no longer among them go, unless dismissed (a dismissal
    /// stays, whatever later scores say); the others are written with their new score, keeping their dismissal.
    /// </summary>
    public static void Replace(UnitOfWork unit, Guid needId, IReadOnlyList<(Guid OfferId, MatchScore Score)> top, DateTimeOffset now, int weightsVersion)
    {
        unit.Defer(
            """
            INSERT INTO need_scoring (need_id, weights_version, computed_at) VALUES ($1, $2, $3)
            ON CONFLICT (need_id) DO UPDATE SET weights_version = EXCLUDED.weights_version, computed_at = EXCLUDED.computed_at
            """, needId, weightsVersion, now);
        unit.Defer("DELETE FROM suggestions WHERE need_id = $1 AND dismissed_at IS NULL AND NOT (offer_id = ANY($2))",
            needId, top.Select(t => t.OfferId).ToArray());
        foreach (var (offerId, score) in top)
        {
            unit.Defer(
                """
                INSERT INTO suggestions (need_id, offer_id, score, reasons, weights_version, computed_at)
                VALUES ($1, $2, $3, CAST($4 AS jsonb), $5, $6)
                ON CONFLICT (need_id, offer_id) DO UPDATE
                SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, weights_version = EXCLUDED.weights_version, computed_at = EXCLUDED.computed_at
                """,
                needId, offerId, score.Score, DocumentJson.Write(score.Reasons), score.WeightsVersion, now);
        }
    }

    /// <summary>
    /// Live needs whose suggestions are stale, at most <paramref name="limit"/>, in id order after <paramref name="after"/>:
    /// never scored, scored with weights older than <paramref name="weightsVersion"/>, or suggesting an offer whose profile
    /// is no longer live (expired or withdrawn).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> StaleNeedsAsync(int weightsVersion, DateTimeOffset now, Guid after, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT l.id FROM listings l
            JOIN profiles p ON p.id = l.profile_id
            LEFT JOIN need_scoring n ON n.need_id = l.id
            WHERE l.kind = 'Need' AND p.state = 'Published' AND p.expires_at > @now AND l.id > @after
              AND (n.need_id IS NULL OR n.weights_version < @weightsVersion
                   OR EXISTS (SELECT 1 FROM suggestions s JOIN listings o ON o.id = s.offer_id JOIN profiles op ON op.id = o.profile_id
                              WHERE s.need_id = l.id AND s.dismissed_at IS NULL AND NOT (op.state = 'Published' AND op.expires_at > @now)))
            ORDER BY l.id
            LIMIT @limit
            """, new { weightsVersion, now, after, limit }, cancellationToken: ct));
        return [.. ids];
    }

    /// <summary>Takes the (undismissed) suggestions of needs whose own profile is no longer live: an expired need is not matched.</summary>
    public async Task<int> ClearNeedsNotLiveAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM suggestions s USING listings l, profiles p
            WHERE s.need_id = l.id AND l.profile_id = p.id AND s.dismissed_at IS NULL AND NOT (p.state = 'Published' AND p.expires_at > @now)
            """, new { now }, cancellationToken: ct));
    }

    public static void Dismiss(UnitOfWork unit, Guid needId, Guid offerId, string reason, string by, DateTimeOffset now) =>
        unit.Defer("UPDATE suggestions SET dismissed_reason = $3, dismissed_by = $4, dismissed_at = $5 WHERE need_id = $1 AND offer_id = $2",
            needId, offerId, reason, by, now);
}
