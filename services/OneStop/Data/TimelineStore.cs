using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.OneStop.Data;

/// <summary>
/// One raw line of an enterprise's timeline: when, a unique key that orders lines of the same instant, the service
/// that reported it, what kind of fact it is, the id it refers to, and its details (JSON) or its ready summary.
/// </summary>
public sealed record TimelineRow(DateTimeOffset At, string Key, string Source, string Kind, string Reference, string? Details, string? Summary);

/// <summary>Lines of <paramref name="Source"/> other than <paramref name="Kinds"/> are left out of a page.</summary>
public sealed record TimelineFilter(string Source, IReadOnlyList<string> Kinds);

/// <summary>A line reported by another service, as the timeline consumers store it.</summary>
public sealed record ReportedFact(Guid Id, Guid EnterpriseId, DateTimeOffset OccurredAt, string Source, string Kind, string Summary, string Reference);

/// <summary>
/// The enterprise timeline: OneStop's own facts read where they live (the register's audit history, cases and their
/// logs, referrals, their replies and alerts) and other services' facts from enterprise_timeline, newest first.
/// </summary>
public sealed class TimelineStore(NpgsqlDataSource dataSource)
{
    public const string OneStop = "onestop";

    /// <summary>The page before the (at, key) cursor (from the newest when null), at most <paramref name="limit"/> lines.</summary>
    public async Task<IReadOnlyList<TimelineRow>> PageAsync(Guid enterpriseId, DateTimeOffset? beforeAt, string? beforeKey, int limit,
        TimelineFilter? filter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            WITH entries (at, key, source, kind, reference, details, summary) AS (
                SELECT a.occurred_at, a.id::text, 'onestop', a.action, a.entity_id,
                       jsonb_build_object('before', a.before, 'after', a.after, 'by', a.actor_id)::text, NULL
                FROM audit_log a
                WHERE a.entity_type = 'enterprise' AND a.entity_id = @entityId
              UNION ALL
                SELECT c.opened_at, c.id::text || ':0000', 'onestop', 'case.opened', c.id::text,
                       jsonb_build_object('procedure', c.procedure_code, 'kind', c.kind, 'ward', c.ward, 'by', c.opened_by)::text, NULL
                FROM cases c WHERE c.enterprise_id = @enterpriseId
              UNION ALL
                -- Refer is left out: the referral's own line says the same.
                SELECT (h.t ->> 'at')::timestamptz, c.id::text || ':' || lpad(h.n::text, 4, '0'), 'onestop', 'case.' || lower(h.t ->> 'action'),
                       c.id::text, (h.t || jsonb_build_object('procedure', c.procedure_code))::text, NULL
                FROM cases c CROSS JOIN LATERAL jsonb_array_elements(c.history) WITH ORDINALITY AS h (t, n)
                WHERE c.enterprise_id = @enterpriseId AND h.t ->> 'action' <> 'Refer'
              UNION ALL
                SELECT r.sent_at, r.id::text || ':0000', 'onestop', 'referral.sent', r.id::text,
                       jsonb_build_object('target', r.target, 'note', r.note, 'by', r.sent_by, 'caseId', r.case_id, 'loanRequest', r.loan_request)::text, NULL
                FROM referrals r WHERE r.enterprise_id = @enterpriseId
              UNION ALL
                SELECT (h.t ->> 'at')::timestamptz, r.id::text || ':' || lpad(h.n::text, 4, '0'), 'onestop', 'referral.' || lower(h.t ->> 'action'),
                       r.id::text, (h.t || jsonb_build_object('target', r.target, 'outcome', r.outcome, 'receiverReference', r.receiver_reference))::text, NULL
                FROM referrals r CROSS JOIN LATERAL jsonb_array_elements(r.history) WITH ORDINALITY AS h (t, n)
                WHERE r.enterprise_id = @enterpriseId
              UNION ALL
                SELECT r.acceptance_overdue_at, r.id::text || ':overdue', 'onestop', 'referral.acceptance-overdue', r.id::text,
                       jsonb_build_object('target', r.target, 'sentAt', r.sent_at)::text, NULL
                FROM referrals r WHERE r.enterprise_id = @enterpriseId AND r.acceptance_overdue_at IS NOT NULL
              UNION ALL
                SELECT p.received_at, p.id::text, 'onestop', 'referral.reply-ignored', r.id::text,
                       jsonb_build_object('reply', p.kind, 'because', p.ignored_because, 'summary', p.summary, 'target', r.target)::text, NULL
                FROM referral_replies p JOIN referrals r ON r.id = p.referral_id
                WHERE r.enterprise_id = @enterpriseId AND NOT p.applied
              UNION ALL
                -- Outcomes are what the city measures the centre by; notes stay on the case (free text for staff).
                SELECT m.recorded_at, m.id::text, 'onestop', 'case.milestone', m.case_id::text,
                       jsonb_build_object('milestone', m.kind, 'jobs', m.jobs, 'amountCny', m.amount_cny, 'achievedOn', m.achieved_on,
                                          'procedure', c.procedure_code)::text, NULL
                FROM case_milestones m JOIN cases c ON c.id = m.case_id
                WHERE m.enterprise_id = @enterpriseId
              UNION ALL
                SELECT k.occurred_at, k.id::text, 'onestop', 'case.consultation', k.case_id::text,
                       jsonb_build_object('stage', k.stage, 'channel', k.channel, 'staff', k.staff, 'procedure', c.procedure_code)::text, NULL
                FROM case_consultations k JOIN cases c ON c.id = k.case_id
                WHERE c.enterprise_id = @enterpriseId
              UNION ALL
                SELECT t.occurred_at, t.id::text, t.source, t.kind, t.reference, NULL, t.summary
                FROM enterprise_timeline t WHERE t.enterprise_id = @enterpriseId
            )
            SELECT at, key, source, kind, reference, details, summary FROM entries
            WHERE (CAST(@beforeAt AS timestamptz) IS NULL OR at < @beforeAt OR (at = @beforeAt AND key < @beforeKey))
              AND (CAST(@filterSource AS text) IS NULL OR source <> @filterSource OR kind = ANY(@filterKinds))
            ORDER BY at DESC, key DESC
            LIMIT @limit
            """,
            new
            {
                enterpriseId, entityId = enterpriseId.ToString(), beforeAt, beforeKey = beforeKey ?? "", limit, filterSource = filter?.Source,
                filterKinds = filter?.Kinds.ToArray() ?? [],
            }, cancellationToken: cancellationToken));
        return rows.Select(r => new TimelineRow(r.At, r.Key, r.Source, r.Kind, r.Reference, r.Details, r.Summary)).ToList();
    }

    /// <summary>Stores a fact another service reported; the same message id twice is one line.</summary>
    public static Task AddAsync(UnitOfWork unit, ReportedFact fact, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO enterprise_timeline (id, enterprise_id, occurred_at, source, kind, summary, reference)
            VALUES (@Id, @EnterpriseId, @OccurredAt, @Source, @Kind, @Summary, @Reference)
            ON CONFLICT (id) DO NOTHING
            """,
            fact, unit.Transaction, cancellationToken: cancellationToken));

    private sealed class Row
    {
        public DateTimeOffset At { get; set; }

        public string Key { get; set; } = "";

        public string Source { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Reference { get; set; } = "";

        public string? Details { get; set; }

        public string? Summary { get; set; }
    }
}
