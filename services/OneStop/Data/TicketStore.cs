using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Data;

/// <summary>Tickets of the wards' walk-in queues; the rules are <see cref="CounterQueue"/>'s.</summary>
public sealed class TicketStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, ward, day, sequence, number, reason, enterprise_id, state, issued_at, called_at, service_started_at, finished_at, staff, counter";

    /// <summary>Hands out the ward's next number for the day (1 for the first), in the caller's transaction.</summary>
    public static Task<int> NextSequenceAsync(UnitOfWork unit, string ward, DateOnly day, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            INSERT INTO counter_ticket_sequences (ward, day, last_sequence) VALUES (@ward, @day, 1)
            ON CONFLICT (ward, day) DO UPDATE SET last_sequence = counter_ticket_sequences.last_sequence + 1
            RETURNING last_sequence
            """,
            new { ward, day }, unit.Transaction, cancellationToken: cancellationToken));

    public static Task InsertAsync(UnitOfWork unit, Ticket ticket, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO counter_tickets ({Columns})
            VALUES (@Id, @Ward, @Day, @Sequence, @Number, @Reason, @EnterpriseId, @State, @IssuedAt, @CalledAt, @ServiceStartedAt,
                    @FinishedAt, @Staff, @Counter)
            """,
            Parameters(ticket), unit.Transaction, cancellationToken: cancellationToken));

    public static Task UpdateAsync(UnitOfWork unit, Ticket ticket, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE counter_tickets SET state = @State, called_at = @CalledAt, service_started_at = @ServiceStartedAt,
                finished_at = @FinishedAt, staff = @Staff, counter = @Counter
            WHERE id = @Id
            """,
            Parameters(ticket), unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The ticket of this ward, locked for the rest of the unit; null when the ward has no such ticket.</summary>
    public static async Task<Ticket?> LockAsync(UnitOfWork unit, string ward, Guid id, CancellationToken cancellationToken)
    {
        var row = await unit.Connection.QuerySingleOrDefaultAsync<TicketRow>(new CommandDefinition(
            $"SELECT {Columns} FROM counter_tickets WHERE id = @id AND ward = @ward FOR UPDATE",
            new { id, ward }, unit.Transaction, cancellationToken: cancellationToken));
        return row?.ToTicket();
    }

    /// <summary>The oldest waiting ticket of the ward's day, locked; concurrent callers skip it and take the next.</summary>
    public static async Task<Ticket?> LockNextWaitingAsync(UnitOfWork unit, string ward, DateOnly day, CancellationToken cancellationToken)
    {
        var row = await unit.Connection.QuerySingleOrDefaultAsync<TicketRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM counter_tickets WHERE ward = @ward AND day = @day AND state = 'Waiting'
            ORDER BY sequence LIMIT 1 FOR UPDATE SKIP LOCKED
            """,
            new { ward, day }, unit.Transaction, cancellationToken: cancellationToken));
        return row?.ToTicket();
    }

    /// <summary>Tickets of a ward's day; only those still waiting, called or being served when <paramref name="openOnly"/>.</summary>
    public async Task<IReadOnlyList<Ticket>> ListAsync(string ward, DateOnly day, bool openOnly, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TicketRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM counter_tickets
            WHERE ward = @ward AND day = @day {(openOnly ? "AND state IN ('Waiting', 'Called', 'Serving')" : "")}
            ORDER BY sequence
            """,
            new { ward, day }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToTicket()).ToList();
    }

    private static DynamicParameters Parameters(Ticket ticket)
    {
        var parameters = new DynamicParameters(ticket);
        parameters.Add("State", ticket.State.ToString());
        return parameters;
    }

    private sealed class TicketRow
    {
        public Guid Id { get; set; }

        public string Ward { get; set; } = "";

        public DateOnly Day { get; set; }

        public int Sequence { get; set; }

        public string Number { get; set; } = "";

        public string Reason { get; set; } = "";

        public Guid? EnterpriseId { get; set; }

        public string State { get; set; } = "";

        public DateTimeOffset IssuedAt { get; set; }

        public DateTimeOffset? CalledAt { get; set; }

        public DateTimeOffset? ServiceStartedAt { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public string? Staff { get; set; }

        public string? Counter { get; set; }

        public Ticket ToTicket() => new(Id, Ward, Day, Sequence, Number, Reason, EnterpriseId, Enum.Parse<TicketState>(State), IssuedAt,
            CalledAt, ServiceStartedAt, FinishedAt, Staff, Counter);
    }
}
