using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.Diagnosis.Data;

/// <summary>A counter referral in the advisors' queue.</summary>
public sealed class ReferralRecord
{
    public Guid ReferralId { get; set; }
    public Guid CaseId { get; set; }
    public Guid EnterpriseId { get; set; }
    public string Uscc { get; set; } = "";
    public string EnterpriseName { get; set; } = "";
    public string Ward { get; set; } = "";
    public string Note { get; set; } = "";
    public string SentBy { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
    public string State { get; set; } = "";
    public string? Advisor { get; set; }
    public Guid? DiagnosisId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int RowVersion { get; set; }
}

public sealed class ReferralStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "referral_id, case_id, enterprise_id, uscc, enterprise_name, ward, note, sent_by, sent_at, state, advisor, diagnosis_id, updated_at, row_version";

    /// <summary>Queues the referral unless it is already queued (a republished ReferralSent); true when queued now.</summary>
    public static async Task<bool> InsertIfAbsentAsync(UnitOfWork unit, ReferralRecord r, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO referrals ({Columns})
            VALUES (@ReferralId, @CaseId, @EnterpriseId, @Uscc, @EnterpriseName, @Ward, @Note, @SentBy, @SentAt, @State, @Advisor, @DiagnosisId, @UpdatedAt, 1)
            ON CONFLICT (referral_id) DO NOTHING
            """, r, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public static Task<ReferralRecord?> GetForUpdateAsync(UnitOfWork unit, Guid referralId, CancellationToken cancellationToken) =>
        unit.Connection.QuerySingleOrDefaultAsync<ReferralRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM referrals WHERE referral_id = @referralId FOR UPDATE", new { referralId }, unit.Transaction,
            cancellationToken: cancellationToken));

    public static void Update(UnitOfWork unit, ReferralRecord r) =>
        unit.Defer(
            "UPDATE referrals SET state = $2, advisor = $3, diagnosis_id = $4, updated_at = $5, row_version = row_version + 1 WHERE referral_id = $1",
            r.ReferralId, r.State, r.Advisor, r.DiagnosisId, r.UpdatedAt);

    /// <summary>The queue, oldest first; <paramref name="state"/> null: every state.</summary>
    public async Task<IReadOnlyList<ReferralRecord>> ListAsync(string? state, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<ReferralRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM referrals WHERE @state::text IS NULL OR state = @state ORDER BY sent_at, referral_id LIMIT 500",
            new { state }, cancellationToken: cancellationToken))];
    }
}
