using System.Globalization;
using MassTransit;
using SmePlatform.Contracts.Diagnosis;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.OneStop.Application.Timeline;
using SmePlatform.OneStop.Data;

namespace SmePlatform.OneStop.Integration;

/// <summary>One line for the timeline from another service's event; null when the event is not worth a line.</summary>
public sealed record TimelineFact(Guid EnterpriseId, DateTimeOffset OccurredAt, string Source, string Kind, string Summary, string Reference);

/// <summary>
/// Puts another service's event about an enterprise on its timeline, once (inbox). A new source (Diagnosis,
/// Matching) needs only a subclass that says what its event means in one line, and its registration below.
/// </summary>
public abstract class TimelineConsumer<TEvent>(UnitOfWorkFactory units, ILogger logger) : InboxConsumer<TEvent>(units, logger)
    where TEvent : class
{
    protected abstract TimelineFact? Describe(TEvent message);

    /// <summary>An event not worth a line costs no transaction (most status changes: measured on partner-bank submissions, docs/performance.md).</summary>
    protected override bool Concerns(TEvent message) => Describe(message) is not null;

    protected override Task HandleAsync(TEvent message, UnitOfWork unit, CancellationToken cancellationToken) =>
        Describe(message) is { } fact
            ? TimelineStore.AddAsync(unit, new ReportedFact(Guid.CreateVersion7(), fact.EnterpriseId, fact.OccurredAt, fact.Source, fact.Kind, fact.Summary,
                fact.Reference), cancellationToken)
            : Task.CompletedTask;

    protected static string Cny(decimal amount) => "CNY " + amount.ToString("N2", CultureInfo.InvariantCulture);
}

public sealed class GuaranteeApplicationSubmittedTimeline(UnitOfWorkFactory units, ILogger<GuaranteeApplicationSubmittedTimeline> logger)
    : TimelineConsumer<GuaranteeApplicationSubmitted>(units, logger)
{
    protected override TimelineFact Describe(GuaranteeApplicationSubmitted m) =>
        new(m.EnterpriseId, m.OccurredAt, GuaranteeTimeline.Source, "guarantee.application-submitted",
            $"{m.BankId} applied for a guarantee on a loan of {Cny(m.LoanAmount)} over {m.TermMonths} months ({m.Programme}).", m.ApplicationId.ToString());
}

public sealed class GuaranteeDecidedTimeline(UnitOfWorkFactory units, ILogger<GuaranteeDecidedTimeline> logger)
    : TimelineConsumer<GuaranteeDecided>(units, logger)
{
    protected override TimelineFact Describe(GuaranteeDecided m)
    {
        var summary = m.Outcome switch
        {
            "declined" => $"{GuaranteeTimeline.Declined}{(m.DecidedBy == "screening" ? " at screening" : "")}" +
                          (m.Reasons is { Count: > 0 } reasons ? $": {string.Join("; ", reasons)}" : "."),
            _ => $"Guarantee {(m.Outcome == "approved_with_conditions" ? "approved with conditions" : "approved")}" +
                 (m.GuaranteedAmount is { } amount ? $": {Cny(amount)} guaranteed" : "") +
                 (m.Coverage is { } coverage ? $" ({coverage.ToString("P0", CultureInfo.InvariantCulture)} of the loan)" : "") +
                 (m.Fee is { } fee ? $", fee {Cny(fee)}" : "") + ".",
        };
        return new(m.EnterpriseId, m.OccurredAt, GuaranteeTimeline.Source, "guarantee.decided", summary, m.ApplicationId.ToString());
    }
}

public sealed class GuaranteeIssuedTimeline(UnitOfWorkFactory units, ILogger<GuaranteeIssuedTimeline> logger)
    : TimelineConsumer<GuaranteeIssued>(units, logger)
{
    protected override TimelineFact Describe(GuaranteeIssued m) =>
        new(m.EnterpriseId, m.OccurredAt, GuaranteeTimeline.Source, "guarantee.issued",
            $"Guarantee issued: {Cny(m.GuaranteedAmount)} on a loan of {Cny(m.DisbursedAmount)} disbursed by {m.BankId} on {m.DisbursedOn:yyyy-MM-dd}.",
            m.ApplicationId.ToString());
}

public sealed class GuaranteeRepaidTimeline(UnitOfWorkFactory units, ILogger<GuaranteeRepaidTimeline> logger)
    : TimelineConsumer<GuaranteeRepaid>(units, logger)
{
    protected override TimelineFact Describe(GuaranteeRepaid m) =>
        new(m.EnterpriseId, m.OccurredAt, GuaranteeTimeline.Source, "guarantee.repaid",
            $"Guaranteed loan from {m.BankId} repaid in full on {m.PaidOn:yyyy-MM-dd}.", m.ApplicationId.ToString());
}

public sealed class GuaranteeDefaultedTimeline(UnitOfWorkFactory units, ILogger<GuaranteeDefaultedTimeline> logger)
    : TimelineConsumer<GuaranteeDefaulted>(units, logger)
{
    protected override TimelineFact Describe(GuaranteeDefaulted m) =>
        new(m.EnterpriseId, m.OccurredAt, GuaranteeTimeline.Source, "guarantee.defaulted",
            $"Guaranteed loan from {m.BankId} in default: {m.DaysPastDue} days past due, {Cny(m.Outstanding)} outstanding.", m.ApplicationId.ToString());
}

public sealed class GuaranteeClaimPaidTimeline(UnitOfWorkFactory units, ILogger<GuaranteeClaimPaidTimeline> logger)
    : TimelineConsumer<GuaranteeClaimPaid>(units, logger)
{
    protected override TimelineFact Describe(GuaranteeClaimPaid m) =>
        new(m.EnterpriseId, m.OccurredAt, GuaranteeTimeline.Source, "guarantee.claim-paid",
            $"The guarantee fund paid {m.BankId}'s claim of {Cny(m.Amount)}; the fund now holds the bank's rights for it.", m.ApplicationId.ToString());
}

/// <summary>
/// Only the status changes no specific event reports (a request for more information, a withdrawal, closing):
/// submitted, decided, issued, repaid, defaulted and paid claims already have their own line.
/// </summary>
public sealed class GuaranteeStatusChangedTimeline(UnitOfWorkFactory units, ILogger<GuaranteeStatusChangedTimeline> logger)
    : TimelineConsumer<GuaranteeApplicationStatusChanged>(units, logger)
{
    protected override TimelineFact? Describe(GuaranteeApplicationStatusChanged m)
    {
        var summary = m.To switch
        {
            "more_information_requested" => $"The guarantee fund asked {m.BankId} for more information on the application.",
            "withdrawn" => $"{m.BankId} withdrew the guarantee application.",
            "closed" => "The guarantee file was closed.",
            _ => null,
        };
        return summary is null ? null : new(m.EnterpriseId, m.OccurredAt, GuaranteeTimeline.Source, "guarantee." + m.To.Replace('_', '-'), summary,
            m.ApplicationId.ToString());
    }
}

/// <summary>
/// A completed diagnosis as the counter may read it: its kind, number, rank, pre-sort group, assessment band, advisor
/// and date. The event carries no figures and the line adds none: statements are confidential business data.
/// </summary>
public sealed class DiagnosisCompletedTimeline(UnitOfWorkFactory units, ILogger<DiagnosisCompletedTimeline> logger)
    : TimelineConsumer<DiagnosisCompleted>(units, logger)
{
    public const string Source = "diagnosis";

    protected override TimelineFact Describe(DiagnosisCompleted m) =>
        new(m.EnterpriseId, m.OccurredAt, Source, "diagnosis.completed", Summary(m), m.DiagnosisId.ToString());

    public static string Summary(DiagnosisCompleted m)
    {
        var kind = m.Kind == "full" ? "Full" : "Quick";
        var result = m.Rank is { } rank ? $"rank {rank}" + (m.PreSort is { } group ? $", pre-sort group {group}" : "") : "no rank (too few indicators scored)";
        var band = m.AssessmentBand is { } assessment ? $", management assessment band {assessment}" : "";
        var on = WorkingDayCalendar.LocalDate(m.OccurredAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"{kind} diagnosis no. {m.Number} (fiscal year {m.FiscalYear}) by {m.Advisor} on {on}: {result}{band}.";
    }
}

public static class TimelineRegistration
{
    /// <summary>The consumers that put other services' events on enterprise timelines.</summary>
    public static IBusRegistrationConfigurator AddTimelineConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<GuaranteeApplicationSubmittedTimeline, InboxConsumerDefinition<GuaranteeApplicationSubmittedTimeline>>();
        bus.AddConsumer<GuaranteeDecidedTimeline, InboxConsumerDefinition<GuaranteeDecidedTimeline>>();
        bus.AddConsumer<GuaranteeIssuedTimeline, InboxConsumerDefinition<GuaranteeIssuedTimeline>>();
        bus.AddConsumer<GuaranteeRepaidTimeline, InboxConsumerDefinition<GuaranteeRepaidTimeline>>();
        bus.AddConsumer<GuaranteeDefaultedTimeline, InboxConsumerDefinition<GuaranteeDefaultedTimeline>>();
        bus.AddConsumer<GuaranteeClaimPaidTimeline, InboxConsumerDefinition<GuaranteeClaimPaidTimeline>>();
        bus.AddConsumer<GuaranteeStatusChangedTimeline, InboxConsumerDefinition<GuaranteeStatusChangedTimeline>>();
        bus.AddConsumer<DiagnosisCompletedTimeline, InboxConsumerDefinition<DiagnosisCompletedTimeline>>();
        return bus;
    }
}
