using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Messaging.Referrals;

namespace SmePlatform.Matching.Data;

/// <summary>A referral an intermediary started from a case's contract, and where it stands (a <c>ReferralProgress</c> state).</summary>
public sealed class CaseReferralRecord
{
    public Guid ReferralId { get; set; }
    public Guid CaseId { get; set; }
    public Guid EnterpriseId { get; set; }
    public string Target { get; set; } = "";
    public Guid OnestopCaseId { get; set; }
    public string State { get; set; } = "";
    public string? Summary { get; set; }
    public string? ReceiverReference { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class CaseReferralStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "referral_id, case_id, enterprise_id, target, onestop_case_id, state, summary, receiver_reference, requested_by, requested_at, updated_at";

    /// <summary>Every referral of the case, oldest first.</summary>
    public async Task<IReadOnlyList<CaseReferralRecord>> ListAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<CaseReferralRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM case_referrals WHERE case_id = @caseId ORDER BY requested_at, referral_id",
            new { caseId }, cancellationToken: cancellationToken))];
    }

    /// <summary>Stores the referral; false when it is already stored (the same request answered twice by OneStop).</summary>
    public static async Task<bool> InsertIfAbsentAsync(UnitOfWork unit, CaseReferralRecord r, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO case_referrals ({Columns})
            VALUES (@ReferralId, @CaseId, @EnterpriseId, @Target, @OnestopCaseId, @State, @Summary, @ReceiverReference, @RequestedBy, @RequestedAt, @UpdatedAt)
            ON CONFLICT (referral_id) DO NOTHING
            """, r, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public static Task<CaseReferralRecord?> GetForUpdateAsync(UnitOfWork unit, Guid referralId, CancellationToken cancellationToken) =>
        unit.Connection.QuerySingleOrDefaultAsync<CaseReferralRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM case_referrals WHERE referral_id = @referralId FOR UPDATE", new { referralId }, unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Writes the referral's progress; answers the case it belongs to.</summary>
    public static Task<Guid> UpdateAsync(UnitOfWork unit, RequestedReferralProgress r, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            """
            UPDATE case_referrals SET state = @State, summary = @Summary, receiver_reference = @ReceiverReference, updated_at = @UpdatedAt
            WHERE referral_id = @ReferralId RETURNING case_id
            """,
            r, unit.Transaction, cancellationToken: cancellationToken));
}
