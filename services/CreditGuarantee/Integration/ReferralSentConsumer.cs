using Dapper;
using MassTransit;
using SmePlatform.Contracts.Referrals;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Integration;

/// <summary>
/// A one-stop counter referred an enterprise to the fund for a loan from the partner bank it chose: the referral becomes
/// a guarantee application of channel "counter" for that bank, validated, resolved through the register and screened
/// exactly as a bank's submission (<see cref="SubmissionValidator"/>, <see cref="ApplicationIntake"/>), and OneStop hears
/// back: <see cref="ReferralAccepted"/> with the application id, or <see cref="ReferralDeclined"/> with the reasons
/// when it cannot become an application. The replies commit with the application (outbox), the message id with both
/// (inbox); a redelivery under a new message id finds the application by its referral id and changes nothing.
/// </summary>
public sealed class ReferralSentConsumer(UnitOfWorkFactory units, IEnterpriseRegister register, TimeProvider clock, ILogger<ReferralSentConsumer> logger)
    : InboxConsumer<ReferralSent>(units, logger)
{
    public const string ServiceActor = "system:guarantee";

    /// <summary>The bank application key of a counter referral: derived from the referral id, so one referral is one application per bank.</summary>
    public static string ApplicationKeyOf(Guid referralId) => "referral:" + referralId.ToString("N");

    protected override async Task HandleAsync(ReferralSent message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (message.Target != ReferralTargets.CreditGuarantee)
        {
            return;
        }

        // Two deliveries of the same referral under different message ids (a republish) must not both create.
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('guarantee-referral:' || @id::text, 0))",
            new { id = message.ReferralId }, unit.Transaction, cancellationToken: cancellationToken));
        if (await unit.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM applications WHERE referral_id = @id)", new { id = message.ReferralId }, unit.Transaction,
                cancellationToken: cancellationToken)))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = ServiceClock.Today(now);
        var config = await ConfigurationStore.CurrentAsync(unit.Connection, unit.Transaction, today, cancellationToken);
        if (message.LoanRequest is not { } loan)
        {
            await DeclineAsync(unit, message, "The referral names no loan: the counter records the amount, term, purpose and partner bank the enterprise chose.",
                now, cancellationToken);
            return;
        }

        var bankId = loan.BankId?.Trim() ?? "";
        if (!config.PartnerAgreements.Any(a => a.BankId == bankId))
        {
            await DeclineAsync(unit, message, $"'{bankId}' is not a partner bank of the fund: the fund guarantees loans of its partner banks only; the enterprise chooses one of them.",
                now, cancellationToken);
            return;
        }

        if (config.AgreementOf(bankId, today) is null)
        {
            await DeclineAsync(unit, message, $"The fund's partner agreement with {bankId} is not in force on {today:yyyy-MM-dd}; the enterprise chooses another partner bank.",
                now, cancellationToken);
            return;
        }

        var (submission, errors) = SubmissionValidator.Validate(config, RequestOf(message, loan));
        if (submission is null)
        {
            await DeclineAsync(unit, message, "The loan request cannot become a guarantee application: "
                + string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), now, cancellationToken);
            return;
        }

        RegisteredEnterprise enterprise;
        switch (await register.FindByUsccAsync(submission.Uscc, cancellationToken))
        {
            case RegisterAnswer.Found found:
                enterprise = found.Enterprise;
                break;
            case RegisterAnswer.NotFound:
                await DeclineAsync(unit, message, $"No enterprise is registered with code {submission.Uscc}; it registers at a ward one-stop counter first.",
                    now, cancellationToken);
                return;
            case RegisterAnswer.Invalid invalid:
                await DeclineAsync(unit, message, $"The register refuses the enterprise's code {submission.Uscc}: {invalid.Message}", now, cancellationToken);
                return;
            case RegisterAnswer.Unavailable unavailable:
                // Not an answer about the referral: fail, roll back (inbox included) and let the retry policy deliver it again.
                throw new InvalidOperationException($"The enterprise register is unavailable for referral {message.ReferralId}: {unavailable.Detail}");
            default:
                throw new InvalidOperationException("Unknown register answer.");
        }

        var row = ApplicationIntake.NewRow(bankId, submission, enterprise, config, now, message.ReferralId);
        await unit.EnqueueAsync(new ReferralAccepted(message.ReferralId, ReferralReplies.Target, row.Id.ToString(), ServiceActor, now), cancellationToken);
        var clerk = new Actor(message.SentBy, Roles.CounterStaff, "ward:" + message.Ward);
        if (await ApplicationIntake.TrySubmitAsync(unit, row, enterprise, config, clerk, now, cancellationToken) is null)
        {
            throw new InvalidOperationException($"Bank {bankId} already has application key {row.BankApplicationKey} without referral {message.ReferralId}.");
        }
    }

    /// <summary>
    /// The referral as a bank submission. The counter takes down amount, term, purpose and instalment type only, so:
    /// the standard programme, the most coverage the rules allow (requested 100%), monthly instalments for an
    /// instalment loan, no collateral or statements yet (graded without a balance sheet until the bank adds them).
    /// </summary>
    public static SubmitApplicationRequest RequestOf(ReferralSent message, ReferredLoanRequest loan)
    {
        var type = string.IsNullOrWhiteSpace(loan.InstalmentType) ? Instalment.Bullet : loan.InstalmentType.Trim().ToLowerInvariant();
        var note = message.Note?.Trim();
        return new SubmitApplicationRequest(
            ApplicationKey: ApplicationKeyOf(message.ReferralId),
            Uscc: message.Uscc,
            LoanAmount: loan.LoanAmount,
            Currency: Money.Currency,
            TermMonths: loan.TermMonths,
            Purpose: loan.Purpose,
            PurposeDetail: string.IsNullOrEmpty(note) ? null : note[..Math.Min(note.Length, SubmissionValidator.MaxTextLength)],
            Programme: GuaranteeConfiguration.StandardProgramme,
            Instalments: new InstalmentsRequest(type, type == Instalment.Bullet ? 1 : loan.TermMonths),
            RequestedCoverage: 1m,
            Collateral: [],
            FinancialStatements: [],
            Consent: new ConsentRequest(false, false));
    }

    private static async Task DeclineAsync(UnitOfWork unit, ReferralSent message, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await unit.EnqueueAsync(new ReferralDeclined(message.ReferralId, ReferralReplies.Target, reason, ServiceActor, now), cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.System("guarantee"), "referral.declined", "referral", message.ReferralId.ToString(), null,
            new { message.CaseId, message.Uscc, reason }), cancellationToken);
    }
}

public sealed class ReferralSentConsumerDefinition : ConsumerDefinition<ReferralSentConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ReferralSentConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}
