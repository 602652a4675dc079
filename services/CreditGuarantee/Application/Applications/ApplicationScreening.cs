using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>
/// Automatic screening of a just-submitted application, in its submission's transaction. The facts come from this
/// service's own data: other applications for the enterprise at any bank, defaults, exposure and the partner
/// agreements. Registration, activity and size class come from the register's answer at submission
/// (<see cref="RegisteredEnterprise"/>): "active" and "SME under the current size rule set" are decided by the
/// register's status and class. Only a register that provides no classification at all leaves the SME rule "not
/// verified automatically" for the examiner.
/// </summary>
public static class ApplicationScreening
{
    public const string Decider = "screening";

    /// <summary>What screening reads from this service's data, under the enterprise's lock (sends the unit's deferred writes too).</summary>
    public static async Task<StoredFacts> ReadFactsAsync(UnitOfWork unit, ApplicationRow row, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        // Two banks submitting for the same enterprise at the same moment must see each other (anti-splitting): the facts
        // are read under the enterprise's lock, which is held until the unit ends.
        var (inDefault, others, exposure) = await ApplicationStore.ScreeningFactsAsync(unit, row.Id, row.EnterpriseId, row.BankId, Section(row),
            row.Ward, zone, cancellationToken);
        return new StoredFacts(inDefault, others, exposure);
    }

    /// <summary>Screens the application and saves the outcome in the unit; returns the record and the transitions it made.</summary>
    public static async Task<(ScreeningRecord Record, IReadOnlyList<WorkflowTransition> Transitions)> RunAsync(UnitOfWork unit, ApplicationRow row,
        RegisteredEnterprise enterprise,
        GuaranteeConfiguration config, StoredFacts stored, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var section = Section(row);
        var subject = new ScreeningSubject(row.Id, row.BankId, ApplicationStore.LocalDate(row.SubmittedAt, zone), section, row.Ward);
        var facts = new ScreeningFacts(
            enterprise.Status,
            SizeClass: enterprise.SizeClass,
            SizeRuleSetId: enterprise.SizeRuleSet ?? "not provided by the register",
            InDefaultAnywhere: stored.InDefault,
            OtherApplications: stored.OtherApplications,
            Exposure: stored.Exposure,
            SizeClassNotProvided: enterprise.SizeRuleSet is null);
        var guaranteed = CoverageCalculator.Compute(config, row.Loan).GuaranteedAmount;
        var result = Screening.Screen(config, subject, facts, guaranteed);
        var failed = result.Failures.Select(f => f.Code).ToList();

        var before = ApplicationSnapshot.Of(row);
        var (transitions, error) = ApplicationWorkflow.Apply(config.Workflow, row,
            [(new StartScreening(), ApplicationWorkflow.System), (new CompleteScreening(result.Passed, failed), ApplicationWorkflow.System)], now);
        if (error is not null)
        {
            throw new InvalidOperationException($"Screening could not move application {row.Id}: {error.Code} {error.Message}");
        }

        var record = new ScreeningRecord(result.Passed, result.Checks, config.Id, config.Version, now);
        row.Screening = StoredJson.Write(record);
        row.ConfigurationId = config.Id;
        row.ConfigurationVersion = config.Version;
        DecisionRecord? declined = null;
        if (!result.Passed)
        {
            declined = new DecisionRecord(Outcomes.Declined, Decider, null, now, null, null, null, null, null, null, null, Money.Currency, [],
                // A decline is addressed to the bank: its reasons are the bank's reading of the failed checks (the examiner reads the screening in full).
                [.. result.Failures.Select(f => BankDisclosure.ForBank(f).Text)], config.Id, config.Version);
            row.Decision = StoredJson.Write(declined);
        }

        if (!await ApplicationWorkflow.SaveAsync(unit, row, before, transitions, Actor.System("guarantee"), "application.screened", now, cancellationToken,
                ownRow: true))
        {
            throw new InvalidOperationException($"Application {row.Id} changed during its own screening.");
        }

        await unit.EnqueueAsync(new GuaranteeApplicationScreened(row.Id, row.BankId, row.EnterpriseId, result.Passed, failed, config.Id,
            config.Version, now), cancellationToken);
        if (declined is not null)
        {
            await unit.EnqueueAsync(ApplicationWorkflow.DecidedEvent(row, declined), cancellationToken);
        }

        return (record, transitions);
    }

    private static char Section(ApplicationRow row) => row.IndustryCode.Length > 0 ? row.IndustryCode[0] : '?';

    /// <summary>The facts screening takes from this service's own data (<see cref="ReadFactsAsync"/>).</summary>
    public sealed record StoredFacts(bool InDefault, IReadOnlyList<OtherApplication> OtherApplications, ExposureSnapshot Exposure);
}
