using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Data;

/// <summary>Partnering profiles and their listings.</summary>
public sealed class ProfileStore(NpgsqlDataSource dataSource)
{
    public async Task<long> NextCodeNumberAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('profile_code_numbers')", cancellationToken: ct));
    }

    public async Task<(PartneringProfile Profile, int Version)?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(
            "SELECT body::text AS body, version FROM profiles WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : (DocumentJson.Read<PartneringProfile>(row.Body), row.Version);
    }

    public async Task<PartneringProfile?> FindByEnterpriseAsync(Guid enterpriseId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var body = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT body::text FROM profiles WHERE enterprise_id = @enterpriseId", new { enterpriseId }, cancellationToken: ct));
        return body is null ? null : DocumentJson.Read<PartneringProfile>(body);
    }

    /// <summary>The enterprise's profile with its version and the register version of the identity it holds.</summary>
    public async Task<(PartneringProfile Profile, int Version, int RegisterVersion)?> FindRegisteredAsync(Guid enterpriseId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string Body, int Version, int RegisterVersion)?>(new CommandDefinition(
            "SELECT body::text, version, register_version FROM profiles WHERE enterprise_id = @enterpriseId", new { enterpriseId }, cancellationToken: ct));
        return row is { } r ? (DocumentJson.Read<PartneringProfile>(r.Body), r.Version, r.RegisterVersion) : null;
    }

    /// <summary>Published profiles expiring before <paramref name="before"/> (expired ones included), soonest first.</summary>
    public async Task<IReadOnlyList<PartneringProfile>> PublishedExpiringBeforeAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var bodies = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT body::text FROM profiles WHERE state = 'Published' AND expires_at <= @before ORDER BY expires_at, id LIMIT 1000",
            new { before }, cancellationToken: ct));
        return [.. bodies.Select(DocumentJson.Read<PartneringProfile>)];
    }

    public async Task<bool> ExistsForEnterpriseAsync(Guid enterpriseId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM profiles WHERE enterprise_id = @enterpriseId)", new { enterpriseId }, cancellationToken: ct));
    }

    /// <summary>The profile that holds listing <paramref name="listingId"/>.</summary>
    public async Task<PartneringProfile?> FindByListingAsync(Guid listingId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var body = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT p.body::text FROM profiles p JOIN listings l ON l.profile_id = p.id WHERE l.id = @listingId", new { listingId }, cancellationToken: ct));
        return body is null ? null : DocumentJson.Read<PartneringProfile>(body);
    }

    /// <summary>Published profiles live at <paramref name="now"/> holding a listing of <paramref name="kind"/> of one of <paramref name="types"/>.</summary>
    public async Task<IReadOnlyList<PartneringProfile>> LiveWithAsync(ListingKind kind, IReadOnlyList<PartnershipType> types, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var bodies = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT p.body::text FROM profiles p
            WHERE p.state = 'Published' AND p.expires_at > @now
              AND EXISTS (SELECT 1 FROM listings l WHERE l.profile_id = p.id AND l.kind = @kind AND l.type = ANY(@types))
            """,
            new { now, kind = kind.ToString(), types = types.Select(t => t.ToString()).ToArray() }, cancellationToken: ct));
        return [.. bodies.Select(DocumentJson.Read<PartneringProfile>)];
    }

    /// <summary>Past follow-up ratings of each profile (each rating's average of its three marks, rounded).</summary>
    public async Task<ILookup<Guid, int>> RatingsOfAsync(IReadOnlyList<Guid> profileIds, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid ProfileId, int Rating)>(new CommandDefinition(
            """
            SELECT rated_profile_id,
                   round(((body->>'onTimeDelivery')::int + (body->>'quality')::int + (body->>'communication')::int) / 3.0)::int
            FROM ratings WHERE rated_profile_id = ANY(@profileIds)
            """, new { profileIds = profileIds.ToArray() }, cancellationToken: ct));
        return rows.ToLookup(r => r.ProfileId, r => r.Rating);
    }

    public static void Insert(UnitOfWork unit, PartneringProfile profile, DateTimeOffset now)
    {
        unit.Defer(
            """
            INSERT INTO profiles (id, enterprise_id, ward, code, state, expires_at, body, version, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS jsonb), 1, $8)
            """,
            profile.Id, profile.Enterprise.EnterpriseId, profile.Enterprise.Ward, profile.Code, profile.State.ToString(), profile.ExpiresAt,
            DocumentJson.Write(profile), now);
        foreach (var listing in profile.Listings)
        {
            unit.Defer("INSERT INTO listings (id, profile_id, kind, type, body) VALUES ($1, $2, $3, $4, CAST($5 AS jsonb))",
                listing.Id, profile.Id, listing.Kind.ToString(), listing.Type.ToString(), DocumentJson.Write(listing));
        }
    }

    /// <summary>Writes the profile's new state if it is still at <paramref name="expectedVersion"/>; false when someone changed it first.</summary>
    public static async Task<bool> UpdateAsync(UnitOfWork unit, PartneringProfile profile, int expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        var updated = await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE profiles SET state = @state, expires_at = @expiresAt, body = CAST(@body AS jsonb), version = version + 1, updated_at = @now
            WHERE id = @id AND version = @expectedVersion
            """,
            new { id = profile.Id, state = profile.State.ToString(), expiresAt = profile.ExpiresAt, body = DocumentJson.Write(profile), now, expectedVersion },
            unit.Transaction, cancellationToken: ct));
        return updated == 1;
    }

    /// <summary>
    /// Writes the identity and state the register's event gave the profile (its ward column too), if the profile is still at
    /// <paramref name="expectedVersion"/>; false when someone changed it first (the event is then retried).
    /// </summary>
    public static async Task<bool> UpdateFromRegisterAsync(UnitOfWork unit, PartneringProfile profile, int expectedVersion, int registerVersion,
        DateTimeOffset now, CancellationToken ct) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE profiles SET ward = @ward, state = @state, body = CAST(@body AS jsonb), register_version = greatest(register_version, @registerVersion),
                   version = version + 1, updated_at = @now
            WHERE id = @id AND version = @expectedVersion
            """,
            new
            {
                id = profile.Id, ward = profile.Enterprise.Ward, state = profile.State.ToString(), body = DocumentJson.Write(profile), registerVersion, now,
                expectedVersion,
            },
            unit.Transaction, cancellationToken: ct)) == 1;
}
