namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>The guards about who holds a file: reassignment with a reason, and approval under four-eyes.</summary>
public static partial class GuaranteeWorkflow
{
    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Reassign(
        WorkflowRules rules, GuaranteeApplication app, ReassignExaminer r)
    {
        if (string.IsNullOrWhiteSpace(r.ExaminerId))
        {
            return Err("examiner.missing", "Name the examiner who takes the file over.");
        }

        if (string.IsNullOrWhiteSpace(r.Reason))
        {
            return Err("reassignment.reason_missing", "A reassignment states its reason.");
        }

        var holder = r.Second ? app.SecondExaminer : app.Examiner;
        var other = r.Second ? app.Examiner : app.SecondExaminer;
        if (r.Second && !NeedsSecondExaminer(rules, app))
        {
            return Err("four_eyes.not_needed", $"A second examiner is needed only for loans above {Money.Format(rules.SecondExaminerAboveLoanAmount)}.");
        }

        if (holder is null)
        {
            return r.Second
                ? Err("reassignment.nobody_assigned", "No second examiner is assigned yet; assign one instead.")
                : Err("reassignment.nobody_assigned", "No examiner is assigned yet; assign one instead.");
        }

        if (holder == r.ExaminerId)
        {
            return Err("reassignment.same_examiner", $"{r.ExaminerId} already holds this place.");
        }

        if (other == r.ExaminerId)
        {
            return Err("four_eyes.same_person", $"{r.ExaminerId} is already an examiner of this application; the two examiners must be different people.");
        }

        var next = r.Second ? app with { SecondExaminer = r.ExaminerId } : app with { Examiner = r.ExaminerId };
        return Ok(next, r.Second
            ? $"Second examiner {holder} replaced by {r.ExaminerId}: {r.Reason.Trim()}"
            : $"Examiner {holder} replaced by {r.ExaminerId}: {r.Reason.Trim()}");
    }

    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Approval(
        WorkflowRules rules, GuaranteeApplication app, WorkflowActor actor, decimal guaranteedAmount, string? countersignedBy, IReadOnlyList<string> conditions)
    {
        if (app.Examiner is null)
        {
            return Err("examiner.not_assigned", "Assign an examiner before deciding.");
        }

        if (actor.Id != app.Examiner)
        {
            return Err("examiner.not_assigned", $"Only the assigned examiner ({app.Examiner}) can approve.");
        }

        if (NeedsSecondExaminer(rules, app))
        {
            if (app.SecondExaminer is null)
            {
                return Err("four_eyes.second_examiner_missing", $"Loans above {Money.Format(rules.SecondExaminerAboveLoanAmount)} need a second examiner; assign one.");
            }

            if (countersignedBy != app.SecondExaminer || countersignedBy == actor.Id)
            {
                return Err("four_eyes.countersignature", $"Loans above {Money.Format(rules.SecondExaminerAboveLoanAmount)} are countersigned by the second examiner ({app.SecondExaminer}), not by the approving examiner.");
            }
        }

        if (guaranteedAmount <= 0 || guaranteedAmount > app.LoanAmount || !Money.HasAtMostTwoDecimals(guaranteedAmount))
        {
            return Err("approval.guaranteed_amount", $"The guaranteed amount is above zero and at most the loan of {Money.Format(app.LoanAmount)}, in fen.");
        }

        var numbered = conditions.Select((text, i) => new GuaranteeCondition(i + 1, text.Trim(), false, null, null)).ToList();
        var note = $"Approved: {Money.FormatFen(guaranteedAmount)} guaranteed"
            + (countersignedBy is null ? "" : $", countersigned by {countersignedBy}")
            + (numbered.Count == 0 ? "." : $", on {numbered.Count} condition(s).");
        return Ok(app with { GuaranteedAmount = guaranteedAmount, Conditions = numbered }, note);
    }
}
