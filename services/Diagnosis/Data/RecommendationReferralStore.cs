using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Messaging.Referrals;

namespace SmePlatform.Diagnosis.Data;

/// <summary>A referral an advisor started from a recommendation, and where it stands (a <c>ReferralProgress</c> state).</summary>
public sealed class RecommendationReferralRecord
{
    public Guid ReferralId { get; set; }
    public Guid DiagnosisId { get; set; }
    public string Programme { get; set; } = "";
    public string Target { get; set; } = "";
    public Guid CaseId { get; set; }
    public string State { get; set; } = "";
    public string? Summary { get; set; }
    public string? ReceiverReference { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class RecommendationReferralStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "referral_id, diagnosis_id, programme, target, case_id, state, summary, receiver_reference, requested_by, requested_at, updated_at";

    /// <summary>Every referral of the diagnosis, oldest first.</summary>
    public async Task<IReadOnlyList<RecommendationReferralRecord>> ListAsync(Guid diagnosisId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<RecommendationReferralRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM recommendation_referrals WHERE diagnosis_id = @diagnosisId ORDER BY requested_at, referral_id",
            new { diagnosisId }, cancellationToken: cancellationToken))];
    }

    /// <summary>Queues the referral; false when it is already stored (the same request answered twice by OneStop).</summary>
    public static async Task<bool> InsertIfAbsentAsync(UnitOfWork unit, RecommendationReferralRecord r, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO recommendation_referrals ({Columns})
            VALUES (@ReferralId, @DiagnosisId, @Programme, @Target, @CaseId, @State, @Summary, @ReceiverReference, @RequestedBy, @RequestedAt, @UpdatedAt)
            ON CONFLICT (referral_id) DO NOTHING
            """, r, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public static Task<RecommendationReferralRecord?> GetForUpdateAsync(UnitOfWork unit, Guid referralId, CancellationToken cancellationToken) =>
        unit.Connection.QuerySingleOrDefaultAsync<RecommendationReferralRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM recommendation_referrals WHERE referral_id = @referralId FOR UPDATE", new { referralId }, unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Writes the referral's progress; answers the diagnosis it belongs to.</summary>
    public static Task<Guid> UpdateAsync(UnitOfWork unit, RequestedReferralProgress r, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            """
            UPDATE recommendation_referrals SET state = @State, summary = @Summary, receiver_reference = @ReceiverReference, updated_at = @UpdatedAt
            WHERE referral_id = @ReferralId RETURNING diagnosis_id
            """,
            r, unit.Transaction, cancellationToken: cancellationToken));
}
