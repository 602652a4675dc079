using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Introductions;

namespace SmePlatform.Matching.Data;

/// <summary>Introductions and the cases they open.</summary>
public sealed class IntroductionStore(NpgsqlDataSource dataSource)
{
    public async Task<(Introduction Introduction, int Version)?> FindAsync(Guid id, CancellationToken ct) =>
        await ReadAsync<Introduction>("SELECT body::text AS body, 1 AS version FROM introductions WHERE id = @id", new { id }, ct);

    public async Task<bool> ExistsAsync(Guid needId, Guid offerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM introductions WHERE need_id = @needId AND offer_id = @offerId)", new { needId, offerId }, cancellationToken: ct));
    }

    public async Task<(PartnershipCase Case, int Version)?> FindCaseAsync(Guid id, CancellationToken ct) =>
        await ReadAsync<PartnershipCase>("SELECT body::text AS body, 1 AS version FROM cases WHERE id = @id", new { id }, ct);

    public async Task<Guid?> CaseOfAsync(Guid introductionId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM cases WHERE introduction_id = @introductionId", new { introductionId }, cancellationToken: ct));
    }

    /// <summary>The introductions <paramref name="profileId"/> is a side of, newest first, each with the case it opened (if any).</summary>
    public async Task<IReadOnlyList<(Introduction Introduction, PartnershipCase? Case)>> OfProfileAsync(Guid profileId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Introduction, string? Case)>(new CommandDefinition(
            """
            SELECT i.body::text, c.body::text FROM introductions i LEFT JOIN cases c ON c.introduction_id = i.id
            WHERE i.needing_profile_id = @profileId OR i.offering_profile_id = @profileId
            ORDER BY i.id DESC
            """, new { profileId }, cancellationToken: ct));
        return [.. rows.Select(r => (DocumentJson.Read<Introduction>(r.Introduction), r.Case is null ? null : DocumentJson.Read<PartnershipCase>(r.Case)))];
    }

    public async Task<IReadOnlyList<FollowUpRating>> RatingsAsync(Guid caseId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var bodies = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT body::text FROM ratings WHERE case_id = @caseId ORDER BY follow_up, side", new { caseId }, cancellationToken: ct));
        return [.. bodies.Select(DocumentJson.Read<FollowUpRating>)];
    }

    public static void Insert(UnitOfWork unit, Introduction introduction) =>
        unit.Defer(
            """
            INSERT INTO introductions (id, need_id, offer_id, needing_profile_id, offering_profile_id, revealed_at, body)
            VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS jsonb))
            """,
            introduction.Id, introduction.NeedId, introduction.OfferId, introduction.NeedingProfileId, introduction.OfferingProfileId,
            introduction.RevealedAt, DocumentJson.Write(introduction));

    /// <summary>
    /// Writes the introduction's new state only if its stored acceptances are still those of <paramref name="before"/>: of
    /// two intermediaries recording the same side at once, one wins and the other is told it is already recorded.
    /// </summary>
    public static async Task<bool> UpdateAsync(UnitOfWork unit, Introduction before, Introduction after, CancellationToken ct) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE introductions SET revealed_at = @revealedAt, body = CAST(@body AS jsonb) WHERE id = @id AND body = CAST(@before AS jsonb)",
            new { id = after.Id, revealedAt = after.RevealedAt, body = DocumentJson.Write(after), before = DocumentJson.Write(before) },
            unit.Transaction, cancellationToken: ct)) == 1;

    public static void InsertCase(UnitOfWork unit, PartnershipCase @case, DateTimeOffset now) =>
        unit.Defer("INSERT INTO cases (id, introduction_id, stage, body, updated_at) VALUES ($1, $2, $3, CAST($4 AS jsonb), $5)",
            @case.Id, @case.IntroductionId, @case.Stage.ToString(), DocumentJson.Write(@case), now);

    /// <summary>Writes the case's new state if it is still at the stage it was read at; false when someone moved it first.</summary>
    public static async Task<bool> UpdateCaseAsync(UnitOfWork unit, PartnershipCase before, PartnershipCase after, DateTimeOffset now, CancellationToken ct) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE cases SET stage = @stage, body = CAST(@body AS jsonb), updated_at = @now WHERE id = @id AND jsonb_array_length(body->'steps') = @steps",
            new { id = after.Id, stage = after.Stage.ToString(), body = DocumentJson.Write(after), now, steps = before.Steps.Count },
            unit.Transaction, cancellationToken: ct)) == 1;

    public static void InsertRating(UnitOfWork unit, Guid caseId, Guid ratedProfileId, FollowUpRating rating) =>
        unit.Defer(
            "INSERT INTO ratings (case_id, follow_up, side, rated_profile_id, body) VALUES ($1, $2, $3, $4, CAST($5 AS jsonb))",
            caseId, (int)rating.FollowUp, rating.RatedBy.ToString(), ratedProfileId, DocumentJson.Write(rating));

    private async Task<(T, int)?> ReadAsync<T>(string sql, object args, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(sql, args, cancellationToken: ct));
        return row is null ? null : (DocumentJson.Read<T>(row.Body), row.Version);
    }
}
