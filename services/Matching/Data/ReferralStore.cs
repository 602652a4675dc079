using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.Matching.Data;

/// <summary>A counter referral to partnership matching, as the intermediaries' queue holds it.</summary>
public sealed class ReferralRow
{
    public Guid ReferralId { get; init; }
    public Guid CaseId { get; init; }
    public Guid EnterpriseId { get; init; }
    public string Uscc { get; init; } = null!;
    public string EnterpriseName { get; init; } = null!;
    public string Ward { get; init; } = null!;
    public string Note { get; init; } = null!;
    public string SentBy { get; init; } = null!;
    public DateTimeOffset SentAt { get; init; }
    public string State { get; init; } = null!;
    public string? TakenBy { get; init; }
    public string? Result { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class ReferralStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "referral_id AS ReferralId, case_id AS CaseId, enterprise_id AS EnterpriseId, uscc, enterprise_name AS EnterpriseName, ward, note, " +
        "sent_by AS SentBy, sent_at AS SentAt, state, taken_by AS TakenBy, result, updated_at AS UpdatedAt";

    public async Task<IReadOnlyList<ReferralRow>> OpenAsync(string? ward, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ReferralRow>(new CommandDefinition(
            $"SELECT {Columns} FROM referrals WHERE state IN ('Queued', 'Accepted', 'Started') AND (@ward::text IS NULL OR ward = @ward) ORDER BY sent_at LIMIT 500",
            new { ward }, cancellationToken: ct));
        return [.. rows];
    }

    public async Task<ReferralRow?> FindAsync(Guid referralId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            $"SELECT {Columns} FROM referrals WHERE referral_id = @referralId", new { referralId }, cancellationToken: ct));
    }

    /// <summary>Queues a referral; false when it is already there (a redelivery under another message id).</summary>
    public static async Task<bool> QueueAsync(UnitOfWork unit, ReferralRow row, CancellationToken ct) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO referrals (referral_id, case_id, enterprise_id, uscc, enterprise_name, ward, note, sent_by, sent_at, state, updated_at)
            VALUES (@ReferralId, @CaseId, @EnterpriseId, @Uscc, @EnterpriseName, @Ward, @Note, @SentBy, @SentAt, 'Queued', @UpdatedAt)
            ON CONFLICT (referral_id) DO NOTHING
            """, row, unit.Transaction, cancellationToken: ct)) == 1;

    /// <summary>Moves a referral from <paramref name="from"/> to <paramref name="to"/>; false when it was no longer in <paramref name="from"/>.</summary>
    public static async Task<bool> MoveAsync(UnitOfWork unit, Guid referralId, string from, string to, string? takenBy, string? result, DateTimeOffset now,
        CancellationToken ct) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE referrals SET state = @to, taken_by = COALESCE(@takenBy, taken_by), result = COALESCE(@result, result), updated_at = @now
            WHERE referral_id = @referralId AND state = @from
            """, new { referralId, from, to, takenBy, result, now }, unit.Transaction, cancellationToken: ct)) == 1;
}
