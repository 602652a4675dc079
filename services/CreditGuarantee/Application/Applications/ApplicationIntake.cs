using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Application.Notifications;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>
/// Turns a validated submission (<see cref="SubmissionValidator"/>) for a resolved enterprise into a stored, screened
/// application, in the caller's unit of work: the one path shared by the partner-bank API and counter referrals, so
/// both channels get the same row, events, audit and screening.
/// </summary>
public static class ApplicationIntake
{
    public static ApplicationRow NewRow(string bankId, ValidSubmission s, RegisteredEnterprise e, GuaranteeConfiguration config, DateTimeOffset now,
        Guid? referralId = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        BankId = bankId,
        BankApplicationKey = s.ApplicationKey,
        EnterpriseId = e.Id,
        Uscc = e.Uscc,
        EnterpriseName = e.Name,
        Ward = e.Ward,
        IndustryCode = e.IndustryCode,
        LoanAmount = s.Loan.LoanAmount,
        Currency = Money.Currency,
        TermMonths = s.Loan.TermMonths,
        Purpose = s.Purpose,
        PurposeDetail = s.PurposeDetail,
        Programme = config.FindProgramme(s.Loan.Programme)!.Code,
        InstalmentType = s.Loan.Instalments.Type == Domain.InstalmentType.Bullet ? Instalment.Bullet : Instalment.EqualInstalments,
        Instalments = s.Loan.Instalments.Instalments,
        RequestedCoverage = s.Loan.RequestedCoverage,
        Collateral = StoredJson.Write(s.Collateral),
        FinancialStatements = StoredJson.Write(s.Statements),
        ConsentDiagnosis = s.UseDiagnosis,
        ConsentCounselling = s.UseCounsellingHistory,
        State = States.ToWire(ApplicationState.Submitted),
        ConfigurationId = config.Id,
        ConfigurationVersion = config.Version,
        SubmittedAt = now,
        UpdatedAt = now,
        RowVersion = 1,
        Channel = referralId is null ? Channels.Bank : Channels.Counter,
        ReferralId = referralId,
    };

    /// <summary>
    /// Inserts the application, records its submission (events, audit) and screens it at once; returns the
    /// application's history, which this unit wrote all of. Null when the bank already used the application key:
    /// nothing is written then, and the caller rolls back. The insert travels in one
    /// round trip with the screening's reads (<see cref="ApplicationScreening.ReadFactsAsync"/>), the events and audit
    /// with the unit's later writes.
    /// </summary>
    public static async Task<IReadOnlyList<HistoryRow>?> TrySubmitAsync(UnitOfWork unit, ApplicationRow row, RegisteredEnterprise enterprise, GuaranteeConfiguration config,
        Actor actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var insert = ApplicationStore.DeferInsert(unit, row);
        var facts = await ApplicationScreening.ReadFactsAsync(unit, row, ServiceClock.Zone, cancellationToken);
        if (insert.RecordsAffected != 1)
        {
            return null;
        }

        await unit.EnqueueAsync(new GuaranteeApplicationSubmitted(row.Id, row.BankId, row.BankApplicationKey, row.EnterpriseId, row.Uscc,
            row.LoanAmount, row.Currency, row.TermMonths, row.Programme, now), cancellationToken);
        await unit.EnqueueAsync(new GuaranteeApplicationStatusChanged(row.Id, row.BankId, row.EnterpriseId, "none", row.State, "submit", now),
            cancellationToken);
        await BankEventLog.RecordAsync(unit, row, "none", row.State, "submit", "", now, cancellationToken);
        await unit.AuditAsync(new AuditEntry(actor, "application.submitted", "guarantee_application", row.Id.ToString(), null,
            ApplicationSnapshot.Of(row)), cancellationToken);
        var (_, transitions) = await ApplicationScreening.RunAsync(unit, row, enterprise, config, facts, ServiceClock.Zone, now, cancellationToken);
        return ApplicationStore.HistoryOf(transitions);
    }
}
