using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>How many applications each examiners' queue holds (under the same status filter).</summary>
public sealed record QueueCounts(int All, int Unassigned, int Mine, int Overdue);

/// <summary>Another application of the same enterprise, at any bank (the examiner's anti-splitting context).</summary>
public sealed record BorrowerApplicationRow(Guid Id, string BankId, string BankApplicationKey, string State, decimal LoanAmount, decimal? GuaranteedAmount,
    decimal Outstanding, DateTimeOffset SubmittedAt);

/// <summary>
/// The examiners' read queries (Dapper). Queues: <c>all</c>; <c>unassigned</c>: waiting for an examiner (no examiner in
/// a state before the decision); <c>mine</c>: the caller is the examiner or the second examiner, in any state;
/// <c>overdue</c>: still owed a decision (<see cref="ExaminationTimeLimit.Running"/>) and submitted before the
/// overdue instant. Every queue is in submission order, oldest first.
/// </summary>
public static class ExaminerQueries
{
    /// <summary>States before the decision, in which an application waits for an examiner to take it.</summary>
    public static readonly string[] AwaitingExaminer =
    [
        .. new[]
        {
            ApplicationState.Submitted, ApplicationState.Screening, ApplicationState.UnderExamination, ApplicationState.MoreInformationRequested,
        }.Select(States.ToWire),
    ];

    public static readonly string[] Running = [.. ExaminationTimeLimit.Running.Select(States.ToWire)];

    // Npgsql writes only UTC instants to timestamptz; the overdue instant is a Shanghai midnight.
    // One predicate for the page and the counts, so that a queue's count is the number of items paging through it yields.
    private const string InQueue =
        """
        (@queue = 'all'
         OR (@queue = 'unassigned' AND examiner IS NULL AND state = ANY(@awaiting))
         OR (@queue = 'mine' AND (examiner = @examinerId OR second_examiner = @examinerId))
         OR (@queue = 'overdue' AND state = ANY(@running) AND submitted_at < @overdueBefore))
        """;

    public static async Task<IReadOnlyList<ApplicationRow>> QueueAsync(NpgsqlConnection connection, string? state, string queue, string examinerId,
        DateTimeOffset overdueBefore, (DateTimeOffset SubmittedAt, Guid Id)? after, int limit, CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<ApplicationRow>(new CommandDefinition(
                $"""
                SELECT {ApplicationStore.Columns} FROM applications
                WHERE (@state::text IS NULL OR state = @state)
                  AND {InQueue}
                  AND (@afterAt::timestamptz IS NULL OR (submitted_at, id) > (@afterAt, @afterId))
                ORDER BY submitted_at, id
                LIMIT @limit
                """,
                new
                {
                    state, queue, examinerId, awaiting = AwaitingExaminer, running = Running, overdueBefore = overdueBefore.ToUniversalTime(),
                    afterAt = after?.SubmittedAt, afterId = after?.Id ?? Guid.Empty, limit,
                },
                cancellationToken: cancellationToken)),
        ];

    public static Task<QueueCounts> CountsAsync(NpgsqlConnection connection, string? state, string examinerId, DateTimeOffset overdueBefore,
        CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<QueueCounts>(new CommandDefinition(
            """
            SELECT count(*)::int AS "all",
                   count(*) FILTER (WHERE examiner IS NULL AND state = ANY(@awaiting))::int AS unassigned,
                   count(*) FILTER (WHERE examiner = @examinerId OR second_examiner = @examinerId)::int AS mine,
                   count(*) FILTER (WHERE state = ANY(@running) AND submitted_at < @overdueBefore)::int AS overdue
            FROM applications
            WHERE (@state::text IS NULL OR state = @state)
            """,
            new { state, examinerId, awaiting = AwaitingExaminer, running = Running, overdueBefore = overdueBefore.ToUniversalTime() },
            cancellationToken: cancellationToken));

    /// <summary>The enterprise's other applications and guarantees at every bank, oldest first.</summary>
    public static async Task<IReadOnlyList<BorrowerApplicationRow>> OtherApplicationsAsync(NpgsqlConnection connection, Guid enterpriseId, Guid exceptId,
        CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<BorrowerApplicationRow>(new CommandDefinition(
                """
                SELECT id, bank_id, bank_application_key, state, loan_amount, guaranteed_amount, outstanding, submitted_at
                FROM applications WHERE enterprise_id = @enterpriseId AND id <> @exceptId
                ORDER BY submitted_at, id
                """,
                new { enterpriseId, exceptId }, cancellationToken: cancellationToken)),
        ];
}
