using Microsoft.Extensions.Options;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Application.Referrals;

/// <summary>
/// The acceptance timer: referrals nobody accepted within <see cref="ReferralOptions.AcceptanceWorkingDays"/> working
/// days are marked overdue once and alerted with <see cref="ReferralAcceptanceOverdue"/> through the outbox. Safe on
/// every instance: the candidates are locked with SKIP LOCKED and the mark commits with the alert, so no referral is
/// alerted twice. Time comes from the injected <see cref="TimeProvider"/>, so tests move the clock instead of waiting.
/// </summary>
public sealed partial class ReferralAcceptanceTimer(
    UnitOfWorkFactory units, TimeProvider clock, IOptions<ReferralOptions> options, ILogger<ReferralAcceptanceTimer> logger) : BackgroundService
{
    public const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.TimerEnabled)
        {
            return;
        }

        var delay = options.Value.TimerFirstRunAfter;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                var alerted = await RunOnceAsync(stoppingToken);
                if (alerted > 0)
                {
                    LogAlerted(logger, alerted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next round retries: nothing was marked without its alert (one transaction per batch).
                LogFailed(logger, ex);
            }

            delay = options.Value.TimerInterval;
        }
    }

    /// <summary>One pass: marks and alerts every referral overdue now; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.AcceptanceWorkingDays;
        var total = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            await using var unit = await units.BeginAsync(cancellationToken);
            var candidates = await ReferralStore.LockUnalertedAsync(unit, days, now, BatchSize, cancellationToken);
            var overdue = candidates.Where(c => ReferralWorkflow.IsAcceptanceOverdue(c.Referral, WorkingDayCalendar.China2025, days, now)).ToList();
            foreach (var before in overdue)
            {
                var r = before.Referral;
                var after = before with { AcceptanceOverdueAt = now, RowVersion = before.RowVersion + 1 };
                var due = WorkingDayCalendar.China2025.Deadline(r.SentAt, days);
                await ReferralStore.UpdateAsync(unit, after, now, cancellationToken);
                await unit.EnqueueAsync(new ReferralAcceptanceOverdue(r.Id, r.CaseId, r.EnterpriseId, before.Ward, ReferralStore.ToWire(r.Target),
                    r.SentAt, days, due.DueBy, now), cancellationToken);
                await unit.AuditAsync(new AuditEntry(Actor.System("onestop"), "referral.acceptance-overdue", "referral", r.Id.ToString(), before, after),
                    cancellationToken);
            }

            await unit.CommitAsync(cancellationToken);
            total += overdue.Count;

            // Candidates come oldest first and a later send never falls due earlier: once one is not overdue, none after it is.
            if (candidates.Count < BatchSize || overdue.Count < candidates.Count)
            {
                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alerted {Count} referral(s) nobody accepted in time")]
    private static partial void LogAlerted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The referral acceptance timer failed; it retries at its next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
