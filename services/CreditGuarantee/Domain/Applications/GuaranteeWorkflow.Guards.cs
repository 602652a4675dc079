namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>The action-specific guards of the workflow: four-eyes, the issuance gate, the default trigger, amounts.</summary>
public static partial class GuaranteeWorkflow
{
    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Guard(
        WorkflowRules rules, GuaranteeApplication app, WorkflowAction action, WorkflowActor actor, DateOnly today)
    {
        switch (action)
        {
            case StartScreening:
                return Ok(app, "Automatic screening started.");
            case CompleteScreening c:
                return c.Passed
                    ? Ok(app, "Screening passed.")
                    : c.FailedCodes.Count == 0
                        ? Err("screening.failure_unnamed", "A failed screening must name the rules that failed.")
                        : Ok(app, "Screening failed: " + string.Join(", ", c.FailedCodes));
            case AssignExaminer a:
                if (string.IsNullOrWhiteSpace(a.ExaminerId))
                {
                    return Err("examiner.missing", "Name the examiner to assign.");
                }

                // Assignment fills an empty place only: taking over another examiner's file is a reassignment, with its reason.
                if (app.Examiner is { } holder && holder != a.ExaminerId)
                {
                    return Err("examiner.already_assigned", $"{holder} is already the examiner; to take the file over, reassign it with a reason.");
                }

                return a.ExaminerId == app.SecondExaminer
                    ? Err("four_eyes.same_person", $"{a.ExaminerId} is already the second examiner; the two examiners must be different people.")
                    : Ok(app with { Examiner = a.ExaminerId }, $"Examiner {a.ExaminerId} assigned.");
            case AssignSecondExaminer s:
                if (!NeedsSecondExaminer(rules, app))
                {
                    return Err("four_eyes.not_needed", $"A second examiner is needed only for loans above {Money.Format(rules.SecondExaminerAboveLoanAmount)}.");
                }

                if (string.IsNullOrWhiteSpace(s.ExaminerId))
                {
                    return Err("examiner.missing", "Name the second examiner.");
                }

                if (app.SecondExaminer is { } second && second != s.ExaminerId)
                {
                    return Err("examiner.already_assigned", $"{second} is already the second examiner; to take the file over, reassign it with a reason.");
                }

                return s.ExaminerId == app.Examiner
                    ? Err("four_eyes.same_person", $"{s.ExaminerId} is already the examiner; the second examiner must be a different person.")
                    : Ok(app with { SecondExaminer = s.ExaminerId }, $"Second examiner {s.ExaminerId} assigned.");
            case ReassignExaminer r:
                return Reassign(rules, app, r);
            case RequestInformation r:
                if (actor.Id != app.Examiner && actor.Id != app.SecondExaminer)
                {
                    return Err("examiner.not_assigned", $"{actor.Id} is not an examiner of this application.");
                }

                return string.IsNullOrWhiteSpace(r.Question)
                    ? Err("information.question_missing", "Say what information is needed.")
                    : Ok(app, r.Question.Trim());
            case AnswerInformation a:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the bank that submitted the application can answer.");
                }

                return string.IsNullOrWhiteSpace(a.Answer) ? Err("information.answer_missing", "The answer is empty.") : Ok(app, a.Answer.Trim());
            case Approve a:
                return Approval(rules, app, actor, a.GuaranteedAmount, a.CountersignedBy, []);
            case ApproveWithConditions a:
                if (a.Conditions.Count == 0 || a.Conditions.Any(string.IsNullOrWhiteSpace))
                {
                    return Err("conditions.missing", "An approval with conditions lists at least one condition, none empty.");
                }

                return Approval(rules, app, actor, a.GuaranteedAmount, a.CountersignedBy, a.Conditions);
            case Decline d:
                if (actor.Id != app.Examiner)
                {
                    return Err("examiner.not_assigned", $"Only the assigned examiner ({app.Examiner ?? "none yet"}) can decline.");
                }

                return string.IsNullOrWhiteSpace(d.Reason) ? Err("decline.reason_missing", "A decline states its reason.") : Ok(app, d.Reason.Trim());
            case Withdraw w:
                return actor.Id != app.BankId
                    ? Err("bank.not_owner", "Only the bank that submitted the application can withdraw it.")
                    : Ok(app, string.IsNullOrWhiteSpace(w.Reason) ? "Withdrawn by the bank." : w.Reason.Trim());
            case MeetCondition m:
                if (actor.Id != app.Examiner && actor.Id != app.SecondExaminer)
                {
                    return Err("examiner.not_assigned", $"Only an examiner of this application ({app.Examiner ?? "none yet"}) records its conditions as met.");
                }

                if (m.Number < 1 || m.Number > app.Conditions.Count)
                {
                    return Err("conditions.unknown", $"There is no condition {m.Number}; the conditions are 1 to {app.Conditions.Count}.");
                }

                if (app.Conditions[m.Number - 1].Met)
                {
                    return Err("conditions.already_met", $"Condition {m.Number} is already met.");
                }

                if (string.IsNullOrWhiteSpace(m.Evidence))
                {
                    return Err("conditions.evidence_missing", "Record the evidence that the condition is met.");
                }

                var conditions = app.Conditions.Select(c => c.Number == m.Number ? c with { Met = true, MetBy = actor.Id, Evidence = m.Evidence.Trim() } : c).ToList();
                return Ok(app with { Conditions = conditions }, $"Condition {m.Number} met: {m.Evidence.Trim()}");
            case ReportDisbursement d:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank reports its disbursement.");
                }

                if (app.Disbursement is not null)
                {
                    return Err("disbursement.already_reported", "The disbursement is already reported.");
                }

                if (d.On > today)
                {
                    return Err("disbursement.date", $"A disbursement on {d.On:yyyy-MM-dd} has not happened yet; today is {today:yyyy-MM-dd}.");
                }

                return d.Amount <= 0 || d.Amount > app.LoanAmount || !Money.HasAtMostTwoDecimals(d.Amount)
                    ? Err("disbursement.amount", $"The disbursed amount must be above zero and at most the approved loan of {Money.Format(app.LoanAmount)}, in fen.")
                    : Ok(app with { Disbursement = new Disbursement(d.Amount, d.On), Outstanding = d.Amount }, $"Disbursed {Money.FormatFen(d.Amount)} on {d.On:yyyy-MM-dd}.");
            case Issue:
                // The hard gate: a guarantee is never issued on a loan not yet disbursed or with a condition unmet.
                var unmet = app.Conditions.Where(c => !c.Met).Select(c => c.Number).ToList();
                if (app.Disbursement is null && unmet.Count > 0)
                {
                    return Err("issue.not_ready", $"Cannot issue: the bank has not reported disbursement, and condition(s) {string.Join(", ", unmet)} are not met.");
                }

                if (app.Disbursement is null)
                {
                    return Err("issue.disbursement_missing", "Cannot issue: the bank has not reported disbursement.");
                }

                return unmet.Count > 0
                    ? Err("issue.conditions_unmet", $"Cannot issue: condition(s) {string.Join(", ", unmet)} are not met.")
                    : Ok(app, $"Guarantee of {Money.FormatFen(app.GuaranteedAmount!.Value)} issued on a disbursement of {Money.FormatFen(app.Disbursement.Amount)}.");
            case ConfirmFeePaid f:
                return f.Amount <= 0 ? Err("fee.amount", "The fee received must be above zero.") : Ok(app, $"Fee of {Money.FormatFen(f.Amount)} received.");
            case ReportRepayment r:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank reports repayments.");
                }

                if (r.On is { } repaidOn && repaidOn > today)
                {
                    return Err("repayment.date", $"A repayment on {repaidOn:yyyy-MM-dd} is in the future; today is {today:yyyy-MM-dd}.");
                }

                if (r.On is { } repaidBefore && app.Disbursement is { } repaidLoan && repaidBefore < repaidLoan.On)
                {
                    return Err("repayment.date", $"A repayment on {repaidBefore:yyyy-MM-dd} is before the loan was disbursed on {repaidLoan.On:yyyy-MM-dd}.");
                }

                return r.Amount <= 0 || r.Amount > app.Outstanding || !Money.HasAtMostTwoDecimals(r.Amount)
                    ? Err("repayment.amount", $"A repayment is above zero and at most the {Money.FormatFen(app.Outstanding)} outstanding, in fen.")
                    : Ok(app with { Outstanding = app.Outstanding - r.Amount },
                        $"Repaid {Money.FormatFen(r.Amount)}{(r.On is { } paidOn ? $" on {paidOn:yyyy-MM-dd}" : "")}; {Money.FormatFen(app.Outstanding - r.Amount)} outstanding.");
            case DeclareDefault d:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank reports a default.");
                }

                if (d.DaysPastDue < rules.DefaultTriggerDaysPastDue)
                {
                    return Err("default.below_trigger", $"{d.DaysPastDue} days past due is not a default; the trigger is {rules.DefaultTriggerDaysPastDue} days or more.");
                }

                // A loan cannot be past due for longer than it has existed.
                if (app.Disbursement is { } loan && d.DaysPastDue > FundCalendar.DaysBetween(loan.On, today))
                {
                    return Err("default.days_past_due", $"{d.DaysPastDue} days past due is impossible: the loan was disbursed on {loan.On:yyyy-MM-dd}, "
                        + $"{FundCalendar.DaysBetween(loan.On, today)} days ago.");
                }

                if (d.Outstanding is { } atDefault && (atDefault <= 0 || atDefault > app.Outstanding || !Money.HasAtMostTwoDecimals(atDefault)))
                {
                    return Err("default.outstanding", $"The outstanding at default is above zero and at most the {Money.FormatFen(app.Outstanding)} outstanding, in fen.");
                }

                var outstanding = d.Outstanding ?? app.Outstanding;
                return Ok(app with { Outstanding = outstanding },
                    $"Defaulted: {d.DaysPastDue} days past due (trigger {rules.DefaultTriggerDaysPastDue}); {Money.FormatFen(outstanding)} outstanding.");
            case FileClaim c:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank files a claim.");
                }

                // A claim follows a default, which needs the trigger's days past due: never on the day of disbursement.
                if (app.Disbursement is { } claimedLoan && FundCalendar.DaysBetween(claimedLoan.On, today) < rules.DefaultTriggerDaysPastDue)
                {
                    return Err("claim.too_early", $"A claim on {today:yyyy-MM-dd} is impossible: the loan was disbursed on {claimedLoan.On:yyyy-MM-dd}, "
                        + $"and a default needs {rules.DefaultTriggerDaysPastDue} days past due.");
                }

                // Loss sharing pro rata: the fund pays its coverage share of what is outstanding at default, never more
                // than the guaranteed amount; the bank keeps the rest (docs/domain.md: "80% partial, the bank keeps 20%").
                var guaranteed = app.GuaranteedAmount ?? 0m;
                var coverage = app.LoanAmount > 0 ? guaranteed / app.LoanAmount : 0m;
                var claimable = Claimable(app);
                return c.Amount <= 0 || c.Amount > claimable
                    ? Err("claim.amount", $"A claim is above zero and at most {Money.FormatFen(claimable)}: the guarantee covers " +
                        $"{Money.Percent(coverage)} of the {Money.FormatFen(app.Outstanding)} outstanding at default, up to the " +
                        $"{Money.FormatFen(guaranteed)} guaranteed; the bank keeps the rest of the loss.")
                    : Ok(app with { ClaimFiled = c.Amount }, $"Claim of {Money.FormatFen(c.Amount)} filed.");
            case PayClaim p:
                return p.Amount <= 0 || p.Amount > app.ClaimFiled
                    ? Err("claim.payment_amount", $"The payment is above zero and at most the {Money.FormatFen(app.ClaimFiled)} claimed.")
                    : Ok(app with { ClaimPaid = p.Amount }, $"Claim paid: {Money.FormatFen(p.Amount)}; the fund is subrogated to the bank's rights for it.");
            case BookRecovery b:
                if (actor.Role == ActorRole.Bank && actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank reports recoveries on its loan.");
                }

                if (b.On is { } recoveredOn && recoveredOn > today)
                {
                    return Err("recovery.date", $"A recovery received on {recoveredOn:yyyy-MM-dd} is in the future; today is {today:yyyy-MM-dd}.");
                }

                if (b.On is { } recoveredBefore && app.Disbursement is { } recoveredLoan && recoveredBefore < recoveredLoan.On)
                {
                    return Err("recovery.date", $"A recovery received on {recoveredBefore:yyyy-MM-dd} is before the loan was disbursed on {recoveredLoan.On:yyyy-MM-dd}.");
                }

                return b.Amount <= 0 || app.Recovered + b.Amount > app.ClaimPaid
                    ? Err("recovery.amount", $"A recovery is above zero and recoveries in total at most the {Money.FormatFen(app.ClaimPaid)} paid ({Money.FormatFen(app.Recovered)} booked so far).")
                    : Ok(app with { Recovered = app.Recovered + b.Amount },
                        $"Recovered {Money.FormatFen(b.Amount)}{(b.On is { } receivedOn ? $" on {receivedOn:yyyy-MM-dd}" : "")}; {Money.FormatFen(app.Recovered + b.Amount)} in total.");
            case Close:
                return Ok(app, app.State switch
                {
                    ApplicationState.Repaid => "Closed: repaid.",
                    _ => $"Closed: net loss {Money.FormatFen(app.ClaimPaid - app.Recovered)}.",
                });
            default:
                return Err("action.unknown", $"Unknown action {action.GetType().Name}.");
        }
    }

    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Ok(GuaranteeApplication next, string note) => (next, note, null);

    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Err(string code, string message) => (null, "", (code, message));
}
