using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>One row of bank_events.</summary>
public sealed record BankEventRow(long Position, Guid Id, string TxId, string BankId, Guid ApplicationId, string Type, string StatusFrom, string StatusTo,
    DateTimeOffset OccurredAt, string Payload);

/// <summary>A status change as a bank reads it from the feed, a webhook or the gRPC stream.</summary>
public sealed record BankEventView(Guid Id, string Type, Guid ApplicationId, string StatusFrom, string StatusTo, DateTimeOffset OccurredAt,
    JsonElement Payload)
{
    public static BankEventView Of(BankEventRow row)
    {
        using var payload = JsonDocument.Parse(row.Payload);
        return new(row.Id, row.Type, row.ApplicationId, row.StatusFrom, row.StatusTo, row.OccurredAt, payload.RootElement.Clone());
    }
}

/// <summary>SQL of the events feed (Dapper).</summary>
public static class BankEventStore
{
    private const string Columns =
        "position, id, tx_id::text AS tx_id, bank_id, application_id, type, status_from, status_to, occurred_at, payload::text AS payload";

    /// <summary>
    /// A bank's events after the cursor in commit-safe order: only rows of transactions older than every transaction still
    /// running (the snapshot's xmin), ordered by (transaction, position). A transaction still open may hold a lower
    /// position than one already committed; waiting for it means a cursor never skips an event that commits late.
    /// </summary>
    public static async Task<IReadOnlyList<BankEventRow>> FeedAsync(NpgsqlConnection connection, string bankId, FeedCursor after, int limit,
        CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<BankEventRow>(new CommandDefinition(
                $"""
                SELECT {Columns} FROM bank_events
                WHERE bank_id = @bankId
                  AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
                  AND (tx_id, position) > (CAST(@afterTx AS xid8), @afterPosition)
                ORDER BY tx_id, position
                LIMIT @limit
                """,
                new { bankId, afterTx = after.TxId.ToString(CultureInfo.InvariantCulture), afterPosition = after.Position, limit },
                cancellationToken: cancellationToken)),
        ];

    /// <summary>
    /// One application's events after a position. Changes of one application are serialised by its row version (the
    /// row is updated before its events are written), so position order is their order and no visibility horizon is needed.
    /// </summary>
    public static async Task<IReadOnlyList<BankEventRow>> ForApplicationAsync(NpgsqlConnection connection, Guid applicationId, long afterPosition,
        CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<BankEventRow>(new CommandDefinition(
                $"SELECT {Columns} FROM bank_events WHERE application_id = @applicationId AND position > @afterPosition ORDER BY position",
                new { applicationId, afterPosition }, cancellationToken: cancellationToken)),
        ];

    public static Task<long> LastPositionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid applicationId,
        CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT coalesce(max(position), 0) FROM bank_events WHERE application_id = @applicationId",
            new { applicationId }, transaction, cancellationToken: cancellationToken));
}

/// <summary>An opaque position in a bank's feed: after (transaction, position). Banks pass nextCursor back unchanged.</summary>
public readonly record struct FeedCursor(ulong TxId, long Position)
{
    public static readonly FeedCursor Start = new(0, 0);

    public override string ToString() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"e1.{TxId}.{Position}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static FeedCursor? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 100)
        {
            return null;
        }

        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(base64)).Split('.');
            return parts.Length == 3 && parts[0] == "e1"
                && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tx)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                ? new FeedCursor(tx, position)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
