using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Data;

/// <summary>
/// A stored referral: the domain's <see cref="Referral"/> with the case's ward (for scoping), the loan request of a
/// credit-guarantee referral, the receiver's own reference, when the acceptance timer alerted, the row version, and the
/// service that asked for it when counter staff did not (<see cref="Origin"/>).
/// </summary>
public sealed record StoredReferral(
    Referral Referral,
    string Ward,
    ReferredLoanRequest? LoanRequest,
    string? ReceiverReference,
    DateTimeOffset? AcceptanceOverdueAt,
    int RowVersion,
    ReferralOrigin? Origin = null);

/// <summary>A reply as it was received, applied or not.</summary>
public sealed record ReferralReplyRecord(
    Guid Id,
    Guid ReferralId,
    ReferralReplyKind Kind,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string SentBy,
    bool Applied,
    string? IgnoredBecause,
    string Summary);

/// <summary>Referrals and the replies to them; the rules are <see cref="ReferralWorkflow"/>'s and <see cref="ReferralReplies"/>'.</summary>
public sealed class ReferralStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, case_id, enterprise_id, ward, target, note, state, sent_at, sent_by, loan_request::text AS loan_request, outcome::text AS outcome, " +
        "decline_or_cancel_reason, receiver_reference, history::text AS history, acceptance_overdue_at, row_version, " +
        "origin_service, origin_reference, origin_request_id";

    private const string ReplyColumns = "id, referral_id, kind, occurred_at, received_at, sent_by, applied, ignored_because, summary";

    public static Task InsertAsync(UnitOfWork unit, StoredReferral stored, DateTimeOffset now, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referrals (id, case_id, enterprise_id, ward, target, note, state, sent_at, sent_by, loan_request, outcome,
                                   decline_or_cancel_reason, receiver_reference, history, acceptance_overdue_at, updated_at, row_version,
                                   origin_service, origin_reference, origin_request_id)
            VALUES (@Id, @CaseId, @EnterpriseId, @Ward, @Target, @Note, @State, @SentAt, @SentBy, CAST(@LoanRequest AS jsonb), CAST(@Outcome AS jsonb),
                    @DeclineOrCancelReason, @ReceiverReference, CAST(@History AS jsonb), @AcceptanceOverdueAt, @now, 1,
                    @OriginService, @OriginReference, @OriginRequestId)
            """,
            Parameters(stored, now), unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Writes the referral's state, outcome, reasons, reference and log, and counts the row version up.</summary>
    public static Task UpdateAsync(UnitOfWork unit, StoredReferral stored, DateTimeOffset now, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE referrals SET state = @State, outcome = CAST(@Outcome AS jsonb), decline_or_cancel_reason = @DeclineOrCancelReason,
                receiver_reference = @ReceiverReference, history = CAST(@History AS jsonb), acceptance_overdue_at = @AcceptanceOverdueAt,
                updated_at = @now, row_version = row_version + 1
            WHERE id = @Id
            """,
            Parameters(stored, now), unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The referral, locked for the rest of the unit; lock its case first (cases before referrals, always).</summary>
    public static async Task<StoredReferral?> LockAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken)
    {
        var row = await unit.Connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            $"SELECT {Columns} FROM referrals WHERE id = @id FOR UPDATE", new { id }, unit.Transaction, cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    /// <summary>The referral a service already asked for with this request id, if any (a retry answers it again).</summary>
    public static async Task<StoredReferral?> FindByOriginAsync(UnitOfWork unit, string service, Guid requestId, CancellationToken cancellationToken)
    {
        var row = await unit.Connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            $"SELECT {Columns} FROM referrals WHERE origin_service = @service AND origin_request_id = @requestId",
            new { service, requestId }, unit.Transaction, cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    /// <summary>The case a referral belongs to, without locking anything: the caller locks the case, then the referral.</summary>
    public static Task<Guid?> CaseOfAsync(UnitOfWork unit, Guid referralId, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT case_id FROM referrals WHERE id = @referralId", new { referralId }, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<StoredReferral>> ListForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReferralRow>(new CommandDefinition(
            $"SELECT {Columns} FROM referrals WHERE case_id = @caseId ORDER BY sent_at, id", new { caseId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStored()).ToList();
    }

    public async Task<IReadOnlyList<ReferralReplyRecord>> RepliesForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReplyRow>(new CommandDefinition(
            $"""
            SELECT {ReplyColumns} FROM referral_replies
            WHERE referral_id IN (SELECT id FROM referrals WHERE case_id = @caseId)
            ORDER BY received_at, id
            """,
            new { caseId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Referrals still waiting for acceptance that were sent at least <paramref name="workingDays"/> calendar days before
    /// <paramref name="now"/>: a superset of the overdue ones (a working day is never shorter than a calendar day), which
    /// the caller narrows with the calendar. Null ward: every ward.
    /// </summary>
    public async Task<IReadOnlyList<StoredReferral>> AwaitingAcceptanceAsync(string? ward, int workingDays, DateTimeOffset now, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReferralRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM referrals
            WHERE state = 'Sent' AND sent_at <= @sentBefore AND (CAST(@ward AS text) IS NULL OR ward = @ward)
            ORDER BY sent_at, id LIMIT @limit
            """,
            new { ward, sentBefore = now.AddDays(-workingDays), limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStored()).ToList();
    }

    /// <summary>
    /// Like <see cref="AwaitingAcceptanceAsync"/> but only those not yet alerted, locked in the caller's unit and
    /// skipping rows another instance (or a consumer applying a reply) holds: no referral is alerted twice.
    /// </summary>
    public static async Task<IReadOnlyList<StoredReferral>> LockUnalertedAsync(UnitOfWork unit, int workingDays, DateTimeOffset now, int limit,
        CancellationToken cancellationToken)
    {
        var rows = await unit.Connection.QueryAsync<ReferralRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM referrals
            WHERE state = 'Sent' AND acceptance_overdue_at IS NULL AND sent_at <= @sentBefore
            ORDER BY sent_at, id LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """,
            new { sentBefore = now.AddDays(-workingDays), limit }, unit.Transaction, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStored()).ToList();
    }

    public static Task InsertReplyAsync(UnitOfWork unit, ReferralReplyRecord reply, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referral_replies (id, referral_id, kind, occurred_at, received_at, sent_by, applied, ignored_because, summary)
            VALUES (@Id, @ReferralId, @Kind, @OccurredAt, @ReceivedAt, @SentBy, @Applied, @IgnoredBecause, @Summary)
            """,
            new
            {
                reply.Id, reply.ReferralId, Kind = reply.Kind.ToString(), reply.OccurredAt, reply.ReceivedAt, reply.SentBy, reply.Applied,
                reply.IgnoredBecause, reply.Summary,
            },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The wire name of a target, as events and URLs spell it.</summary>
    public static string ToWire(ReferralTarget target) => target switch
    {
        ReferralTarget.CreditGuarantee => ReferralTargets.CreditGuarantee,
        ReferralTarget.Diagnosis => ReferralTargets.Diagnosis,
        _ => ReferralTargets.PartnershipMatching,
    };

    public static ReferralTarget? FromWire(string? wire) => wire?.Trim().ToLowerInvariant() switch
    {
        ReferralTargets.CreditGuarantee => ReferralTarget.CreditGuarantee,
        ReferralTargets.Diagnosis => ReferralTarget.Diagnosis,
        ReferralTargets.PartnershipMatching => ReferralTarget.PartnershipMatching,
        _ => null,
    };

    private static object Parameters(StoredReferral stored, DateTimeOffset now)
    {
        var r = stored.Referral;
        return new
        {
            r.Id,
            r.CaseId,
            r.EnterpriseId,
            stored.Ward,
            Target = r.Target.ToString(),
            r.Note,
            State = r.State.ToString(),
            r.SentAt,
            r.SentBy,
            LoanRequest = stored.LoanRequest is null ? null : JsonSerializer.Serialize(stored.LoanRequest, CaseStore.Json),
            Outcome = r.Outcome is null ? null : JsonSerializer.Serialize(r.Outcome, CaseStore.Json),
            r.DeclineOrCancelReason,
            stored.ReceiverReference,
            History = JsonSerializer.Serialize(r.History, CaseStore.Json),
            stored.AcceptanceOverdueAt,
            now,
            OriginService = stored.Origin?.Service,
            OriginReference = stored.Origin?.Reference,
            OriginRequestId = stored.Origin?.RequestId,
        };
    }

    private sealed class ReferralRow
    {
        public Guid Id { get; set; }

        public Guid CaseId { get; set; }

        public Guid EnterpriseId { get; set; }

        public string Ward { get; set; } = "";

        public string Target { get; set; } = "";

        public string Note { get; set; } = "";

        public string State { get; set; } = "";

        public DateTimeOffset SentAt { get; set; }

        public string SentBy { get; set; } = "";

        public string? LoanRequest { get; set; }

        public string? Outcome { get; set; }

        public string? DeclineOrCancelReason { get; set; }

        public string? ReceiverReference { get; set; }

        public string History { get; set; } = "[]";

        public DateTimeOffset? AcceptanceOverdueAt { get; set; }

        public int RowVersion { get; set; }

        public string? OriginService { get; set; }

        public string? OriginReference { get; set; }

        public Guid? OriginRequestId { get; set; }

        public StoredReferral ToStored()
        {
            var referral = new Referral(Id, CaseId, EnterpriseId, Enum.Parse<ReferralTarget>(Target), Note, Enum.Parse<ReferralState>(State), SentAt, SentBy,
                Outcome is null ? null : JsonSerializer.Deserialize<ReferralOutcome>(Outcome, CaseStore.Json),
                DeclineOrCancelReason,
                JsonSerializer.Deserialize<List<ReferralTransition>>(History, CaseStore.Json)!);
            return new StoredReferral(referral, Ward,
                LoanRequest is null ? null : JsonSerializer.Deserialize<ReferredLoanRequest>(LoanRequest, CaseStore.Json),
                ReceiverReference, AcceptanceOverdueAt, RowVersion,
                OriginService is null ? null : new ReferralOrigin(OriginService, OriginReference ?? "", OriginRequestId ?? Guid.Empty));
        }
    }

    private sealed class ReplyRow
    {
        public Guid Id { get; set; }

        public Guid ReferralId { get; set; }

        public string Kind { get; set; } = "";

        public DateTimeOffset OccurredAt { get; set; }

        public DateTimeOffset ReceivedAt { get; set; }

        public string SentBy { get; set; } = "";

        public bool Applied { get; set; }

        public string? IgnoredBecause { get; set; }

        public string Summary { get; set; } = "";

        public ReferralReplyRecord ToRecord() =>
            new(Id, ReferralId, Enum.Parse<ReferralReplyKind>(Kind), OccurredAt, ReceivedAt, SentBy, Applied, IgnoredBecause, Summary);
    }
}
