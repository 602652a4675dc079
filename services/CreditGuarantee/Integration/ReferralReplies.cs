using SmePlatform.Contracts.Referrals;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Integration;

/// <summary>
/// The replies a counter-referred application owes OneStop as it moves (the closed loop of a referral): service
/// started when an examiner takes it up, the outcome when the guarantee is issued or the application ends without one.
/// Written to the outbox in the unit of work that saves the transition, so a reply exists exactly when the change does.
/// </summary>
public static class ReferralReplies
{
    public const string Target = ReferralTargets.CreditGuarantee;

    /// <summary>Enqueues the replies the transitions cause; nothing for an application that did not come from a referral.</summary>
    public static async Task EnqueueAsync(UnitOfWork unit, ApplicationRow row, string? examinerBefore, IReadOnlyList<WorkflowTransition> transitions,
        CancellationToken cancellationToken)
    {
        if (row.ReferralId is not { } referralId)
        {
            return;
        }

        var reference = row.Id.ToString();
        foreach (var t in transitions)
        {
            if (t.Action == WorkflowActionKind.AssignExaminer && examinerBefore is null)
            {
                await unit.EnqueueAsync(new ReferralServiceStarted(referralId, Target, reference, t.At), cancellationToken);
            }

            if (t.From == t.To)
            {
                continue;
            }

            switch (t.To)
            {
                case ApplicationState.Issued:
                    await unit.EnqueueAsync(new ReferralOutcomeReported(referralId, Target, ReferralResults.Achieved,
                        $"Guarantee issued: {Money.FormatFen(row.GuaranteedAmount ?? 0)} of the {Money.FormatFen(row.LoanAmount)} loan from {row.BankId} is guaranteed by the fund.",
                        reference, t.At), cancellationToken);
                    break;
                case ApplicationState.Declined:
                    var reasons = row.DecisionRecord?.Reasons is { Count: > 0 } given ? string.Join(" ", given) : t.Note;
                    var by = t.Action == WorkflowActionKind.CompleteScreening ? "did not pass the fund's screening" : "was declined by the fund's examiner";
                    await unit.EnqueueAsync(new ReferralOutcomeReported(referralId, Target, ReferralResults.NotAchieved,
                        $"The guarantee application {by}: {reasons}", reference, t.At), cancellationToken);
                    break;
                case ApplicationState.Withdrawn:
                    await unit.EnqueueAsync(new ReferralOutcomeReported(referralId, Target, ReferralResults.NotAchieved,
                        $"The bank {row.BankId} withdrew the guarantee application: {t.Note}", reference, t.At), cancellationToken);
                    break;
                default:
                    break;
            }
        }
    }
}
