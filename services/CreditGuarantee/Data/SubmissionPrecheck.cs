using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>
/// What a submission must know before it calls the register, read in one round trip and one snapshot: the stored
/// answer to its Idempotency-Key, the application already holding its application key, and the configuration in
/// force (<see cref="ConfigurationStore.InForceSql"/>). One snapshot matters: an application and the key that created
/// it commit together, so a committed retry of the same request is never mistaken for a duplicate application key.
/// </summary>
public sealed record SubmissionPrecheck(StoredResponse? Stored, Guid? ExistingApplicationId, ConfigurationStore.InForce? InForce)
{
    public static async Task<SubmissionPrecheck> ReadAsync(NpgsqlConnection connection, string bankId, string idempotencyKey, string? applicationKey,
        DateOnly today, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT k.operation, k.request_hash, k.response_status, k.response_body, k.resource_id,
                   (SELECT id FROM applications WHERE bank_id = @bankId AND bank_application_key = @applicationKey) AS existing_application_id,
                   c.configuration_id, c.version, c.created_at, c.agreements
            FROM (SELECT 1) AS one
            LEFT JOIN idempotency_keys k ON k.bank_id = @bankId AND k.idempotency_key = @key
            LEFT JOIN LATERAL ({ConfigurationStore.InForceSql}) AS c ON true
            """, connection);
        command.Parameters.AddWithValue("bankId", bankId);
        command.Parameters.AddWithValue("key", idempotencyKey);
        command.Parameters.Add(new NpgsqlParameter<string?>("applicationKey", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = applicationKey });
        command.Parameters.AddWithValue("today", ConfigurationStore.Iso(today));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var stored = reader.IsDBNull(0)
            ? null
            : new StoredResponse(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4));
        var existing = reader.IsDBNull(5) ? (Guid?)null : reader.GetGuid(5);
        var inForce = reader.IsDBNull(6)
            ? null
            : new ConfigurationStore.InForce(reader.GetString(6), reader.GetInt32(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9));
        return new SubmissionPrecheck(stored, existing, inForce);
    }
}
