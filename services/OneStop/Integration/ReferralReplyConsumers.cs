using MassTransit;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.OneStop.Application.Referrals;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Integration;

/// <summary>A reply read off the wire: the referral it is about, the reply for the workflow (null when unusable, with why), and a line for people.</summary>
public sealed record ReplyReading(Guid ReferralId, string Target, ReferralReply? Reply, string? Unusable, string? ReceiverReference, string Summary);

/// <summary>
/// Applies a receiving service's reply to its referral and writes the result onto the case, in one transaction with
/// the inbox record (redelivery changes nothing). Every reply is recorded in referral_replies, applied or not; a reply
/// for an unknown referral is logged and acknowledged, since retrying cannot make the referral exist.
/// </summary>
public abstract partial class ReferralReplyConsumer<TReply> : InboxConsumer<TReply>
    where TReply : class
{
    private readonly TimeProvider clock;
    private readonly ILogger logger;

    protected ReferralReplyConsumer(UnitOfWorkFactory units, TimeProvider clock, ILogger logger)
        : base(units, logger)
    {
        this.clock = clock;
        this.logger = logger;
    }

    protected abstract ReplyReading Read(TReply message);

    protected override async Task HandleAsync(TReply message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var reading = Read(message);
        // Cases before referrals, always: the same lock order as the HTTP writes, so the two never deadlock.
        if (await ReferralStore.CaseOfAsync(unit, reading.ReferralId, cancellationToken) is not { } caseId ||
            await CaseStore.LockAsync(unit, caseId, cancellationToken) is not { } stored ||
            await ReferralStore.LockAsync(unit, reading.ReferralId, cancellationToken) is not { } before)
        {
            LogUnknownReferral(logger, typeof(TReply).Name, reading.ReferralId, reading.Target);
            return;
        }

        var now = clock.GetUtcNow();
        var kind = reading.Reply?.Kind ?? KindOf();
        var sentBy = reading.Reply?.Actor ?? ServiceActor(reading.Target);
        var occurredAt = reading.Reply?.At ?? now;
        var unusable = reading.Unusable;
        if (unusable is null && ReferralStore.FromWire(reading.Target) != before.Referral.Target)
        {
            unusable = $"it names target '{reading.Target}' but the referral went to {ReferralStore.ToWire(before.Referral.Target)}";
        }

        var result = unusable is null ? ReferralReplies.Apply(before.Referral, reading.Reply!, now) : null;
        var ignoredBecause = unusable ?? result!.IgnoredBecause;
        await ReferralStore.InsertReplyAsync(unit, new ReferralReplyRecord(Guid.CreateVersion7(), reading.ReferralId, kind, occurredAt, now, sentBy,
            ignoredBecause is null, ignoredBecause, reading.Summary), cancellationToken);
        if (ignoredBecause is not null)
        {
            LogIgnored(logger, typeof(TReply).Name, reading.ReferralId, ignoredBecause);
            return;
        }

        var after = before with
        {
            Referral = result!.Referral,
            ReceiverReference = reading.ReceiverReference ?? before.ReceiverReference,
            RowVersion = before.RowVersion + 1,
        };
        var actor = new Actor(sentBy, Roles.Service);
        await ReferralStore.UpdateAsync(unit, after, now, cancellationToken);
        await ReferralChanges.RecordOnCaseAsync(unit, stored, after.Referral, actor, now, cancellationToken);
        await unit.AuditAsync(new AuditEntry(actor, "referral." + kind.ToString().ToLowerInvariant(), "referral", reading.ReferralId.ToString(), before, after),
            cancellationToken);
    }

    /// <summary>The receiving service as an actor, e.g. "service:credit-guarantee".</summary>
    protected static string ServiceActor(string target) => "service:" + (string.IsNullOrWhiteSpace(target) ? "unknown" : target.Trim().ToLowerInvariant());

    private static ReferralReplyKind KindOf() => typeof(TReply).Name switch
    {
        nameof(ReferralAccepted) => ReferralReplyKind.Accepted,
        nameof(ReferralDeclined) => ReferralReplyKind.Declined,
        nameof(ReferralServiceStarted) => ReferralReplyKind.ServiceStarted,
        _ => ReferralReplyKind.OutcomeReported,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MessageType} for unknown referral {ReferralId} (target {Target}): acknowledged and dropped")]
    private static partial void LogUnknownReferral(ILogger logger, string messageType, Guid referralId, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageType} for referral {ReferralId} recorded, not applied: {Because}")]
    private static partial void LogIgnored(ILogger logger, string messageType, Guid referralId, string because);
}

public sealed class ReferralAcceptedConsumer(UnitOfWorkFactory units, TimeProvider clock, ILogger<ReferralAcceptedConsumer> logger)
    : ReferralReplyConsumer<ReferralAccepted>(units, clock, logger)
{
    protected override ReplyReading Read(ReferralAccepted m) =>
        new(m.ReferralId, m.Target, new ReferralReply(ReferralReplyKind.Accepted, ServiceActor(m.Target), m.OccurredAt,
                $"accepted by {m.AcceptedBy}, reference {m.ReceiverReference}"),
            null, Blank(m.ReceiverReference), $"Accepted by {m.AcceptedBy} (reference {m.ReceiverReference}).");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed class ReferralDeclinedConsumer(UnitOfWorkFactory units, TimeProvider clock, ILogger<ReferralDeclinedConsumer> logger)
    : ReferralReplyConsumer<ReferralDeclined>(units, clock, logger)
{
    protected override ReplyReading Read(ReferralDeclined m)
    {
        // The workflow needs a reason to decline; a receiver that sent none still declined, and staff must see that.
        var reason = string.IsNullOrWhiteSpace(m.Reason) ? "no reason given" : m.Reason.Trim();
        return new(m.ReferralId, m.Target, new ReferralReply(ReferralReplyKind.Declined, ServiceActor(m.Target), m.OccurredAt, reason),
            null, null, $"Declined by {m.DeclinedBy}: {reason}");
    }
}

public sealed class ReferralServiceStartedConsumer(UnitOfWorkFactory units, TimeProvider clock, ILogger<ReferralServiceStartedConsumer> logger)
    : ReferralReplyConsumer<ReferralServiceStarted>(units, clock, logger)
{
    protected override ReplyReading Read(ReferralServiceStarted m) =>
        new(m.ReferralId, m.Target, new ReferralReply(ReferralReplyKind.ServiceStarted, ServiceActor(m.Target), m.OccurredAt,
                $"service started, reference {m.ReceiverReference}"),
            null, string.IsNullOrWhiteSpace(m.ReceiverReference) ? null : m.ReceiverReference.Trim(), $"Service started (reference {m.ReceiverReference}).");
}

public sealed class ReferralOutcomeReportedConsumer(UnitOfWorkFactory units, TimeProvider clock, ILogger<ReferralOutcomeReportedConsumer> logger)
    : ReferralReplyConsumer<ReferralOutcomeReported>(units, clock, logger)
{
    protected override ReplyReading Read(ReferralOutcomeReported m)
    {
        ReferralResult? result = m.Result?.Trim().ToLowerInvariant() switch
        {
            ReferralResults.Achieved => ReferralResult.Achieved,
            ReferralResults.NotAchieved => ReferralResult.NotAchieved,
            _ => null,
        };
        var summary = string.IsNullOrWhiteSpace(m.Summary) ? "no summary given" : m.Summary.Trim();
        var reference = string.IsNullOrWhiteSpace(m.ReceiverReference) ? null : m.ReceiverReference.Trim();
        var line = $"Outcome {m.Result}: {summary}";
        return result is null
            ? new(m.ReferralId, m.Target, null, $"the result '{m.Result}' is neither {ReferralResults.Achieved} nor {ReferralResults.NotAchieved}",
                reference, line)
            : new(m.ReferralId, m.Target,
                new ReferralReply(ReferralReplyKind.OutcomeReported, ServiceActor(m.Target), m.OccurredAt, null,
                    new ReferralOutcome(result.Value, summary, reference)),
                null, reference, line);
    }
}

/// <summary>Each consumer with its own retry policy (MassTransit's consumer definition).</summary>
public sealed class InboxConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}

public static class ReferralReplyRegistration
{
    /// <summary>The consumers of the receiving services' replies to referrals.</summary>
    public static IBusRegistrationConfigurator AddReferralReplyConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ReferralAcceptedConsumer, InboxConsumerDefinition<ReferralAcceptedConsumer>>();
        bus.AddConsumer<ReferralDeclinedConsumer, InboxConsumerDefinition<ReferralDeclinedConsumer>>();
        bus.AddConsumer<ReferralServiceStartedConsumer, InboxConsumerDefinition<ReferralServiceStartedConsumer>>();
        bus.AddConsumer<ReferralOutcomeReportedConsumer, InboxConsumerDefinition<ReferralOutcomeReportedConsumer>>();
        return bus;
    }
}
