using FsCheck;
using FsCheck.Fluent;
using SmePlatform.CreditGuarantee.Domain;
using S = SmePlatform.CreditGuarantee.Domain.ApplicationState;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

/// <summary>
/// Facts the workflow knows refuse what cannot have happened (a default older than the loan, a claim on the day of
/// disbursement, a repayment before the loan existed), only an application's own examiners act on it, a file changes
/// hands only by an explicit reassignment, and allowedActions lists exactly what the guards then accept.
/// </summary>
public sealed class WorkflowFactsTests
{
    private static readonly WorkflowRules Rules = TestData.Config.Workflow;
    private static readonly WorkflowActor System = new("system", ActorRole.System);
    private static readonly WorkflowActor Examiner1 = new("examiner-1", ActorRole.Examiner);
    private static readonly WorkflowActor Examiner2 = new("examiner-2", ActorRole.Examiner);
    private static readonly WorkflowActor Bank = new(TestData.BankA, ActorRole.Bank);

    /// <summary>02:00 UTC is 10:00 in Shenyang: the fund's today is <see cref="TestData.Today"/>.</summary>
    private static readonly DateTimeOffset At = new(2026, 3, 16, 2, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly Today = TestData.Today;

    private static GuaranteeApplication New(decimal loan = 1_000_000m) =>
        GuaranteeApplication.Submit(Guid.Parse("0195f2a0-0000-7000-8000-000000000003"), TestData.BankA, "BA-2026-0002", loan);

    private static GuaranteeApplication Do(GuaranteeApplication app, WorkflowAction action, WorkflowActor actor)
    {
        var result = GuaranteeWorkflow.Apply(Rules, app, action, actor, At);
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Application!;
    }

    private static TransitionError Refused(GuaranteeApplication app, WorkflowAction action, WorkflowActor actor)
    {
        var result = GuaranteeWorkflow.Apply(Rules, app, action, actor, At);
        Assert.Null(result.Application);
        return result.Error!;
    }

    private static GuaranteeApplication UnderExamination(decimal loan = 1_000_000m) =>
        Do(Do(Do(New(loan), new StartScreening(), System), new CompleteScreening(true, []), System), new AssignExaminer("examiner-1"), Examiner1);

    private static GuaranteeApplication ActiveSince(DateOnly disbursed) =>
        Do(Do(Do(Do(UnderExamination(), new Approve(850_000m, null), Examiner1), new ReportDisbursement(1_000_000m, disbursed), Bank),
            new Issue(), Examiner1), new ConfirmFeePaid(5_100m), System);

    [Fact]
    public void A_loan_cannot_be_past_due_for_longer_than_it_has_existed()
    {
        var yesterday = ActiveSince(Today.AddDays(-1));
        var error = Refused(yesterday, new DeclareDefault(60), Bank);
        Assert.Equal(("default.days_past_due", S.Active), (error.Code, error.From));
        Assert.Equal("60 days past due is impossible: the loan was disbursed on 2026-03-15, 1 days ago.", error.Message);

        var sixtyDaysAgo = ActiveSince(Today.AddDays(-60));
        Assert.Equal("default.days_past_due", Refused(sixtyDaysAgo, new DeclareDefault(61), Bank).Code);
        Assert.Equal(S.Defaulted, Do(sixtyDaysAgo, new DeclareDefault(60), Bank).State);
    }

    [Fact]
    public void A_claim_is_never_filed_on_the_day_of_disbursement()
    {
        // A defaulted loan as the rules allow, then a claim on the day it was disbursed: today is still that day.
        var disbursedToday = ActiveSince(Today) with { State = S.Defaulted };
        var error = Refused(disbursedToday, new FileClaim(1_000m), Bank);
        Assert.Equal("claim.too_early", error.Code);
        Assert.Contains("2026-03-16", error.Message, StringComparison.Ordinal);

        var defaulted = Do(ActiveSince(Today.AddDays(-60)), new DeclareDefault(60), Bank);
        Assert.Equal(S.ClaimFiled, Do(defaulted, new FileClaim(1_000m), Bank).State);
    }

    [Fact]
    public void Dates_reported_on_a_loan_fall_between_its_disbursement_and_today()
    {
        var active = ActiveSince(Today.AddDays(-30));
        Assert.Equal("repayment.date", Refused(active, new ReportRepayment(1_000m, Today.AddDays(-31)), Bank).Code);
        Assert.Equal("repayment.date", Refused(active, new ReportRepayment(1_000m, Today.AddDays(1)), Bank).Code);
        Assert.Equal(S.Active, Do(active, new ReportRepayment(1_000m, Today.AddDays(-30)), Bank).State);

        var approved = Do(UnderExamination(), new Approve(850_000m, null), Examiner1);
        Assert.Equal("disbursement.date", Refused(approved, new ReportDisbursement(1_000m, Today.AddDays(1)), Bank).Code);

        var paid = Do(Do(Do(ActiveSince(Today.AddDays(-90)), new DeclareDefault(60), Bank), new FileClaim(1_000m), Bank), new PayClaim(1_000m), Examiner1);
        Assert.Equal("recovery.date", Refused(paid, new BookRecovery(10m, Today.AddDays(-91)), Bank).Code);
        Assert.Equal("recovery.date", Refused(paid, new BookRecovery(10m, Today.AddDays(1)), Bank).Code);
        Assert.Equal(S.RecoveriesBooked, Do(paid, new BookRecovery(10m, Today), Bank).State);
    }

    [Fact]
    public void Only_an_examiner_of_the_application_records_its_conditions_as_met()
    {
        var conditional = Do(UnderExamination(), new ApproveWithConditions(850_000m, ["Owner's guarantee signed."], null), Examiner1);
        var error = Refused(conditional, new MeetCondition(1, "Seen."), Examiner2);
        Assert.Equal("examiner.not_assigned", error.Code);
        Assert.True(Do(conditional, new MeetCondition(1, "Seen."), Examiner1).AllConditionsMet);
    }

    [Fact]
    public void Assignment_never_takes_a_file_over_reassignment_does_with_its_reason()
    {
        var held = UnderExamination();
        Assert.Equal("examiner.already_assigned", Refused(held, new AssignExaminer("examiner-2"), Examiner2).Code);
        Assert.Equal("examiner-1", Do(held, new AssignExaminer("examiner-1"), Examiner1).Examiner);

        Assert.Equal("reassignment.reason_missing", Refused(held, new ReassignExaminer("examiner-2", " "), Examiner2).Code);
        Assert.Equal("reassignment.same_examiner", Refused(held, new ReassignExaminer("examiner-1", "Why not."), Examiner1).Code);
        Assert.Equal("reassignment.nobody_assigned",
            Refused(Do(Do(New(), new StartScreening(), System), new CompleteScreening(true, []), System), new ReassignExaminer("examiner-2", "On leave."), Examiner2).Code);

        var taken = Do(held, new ReassignExaminer("examiner-2", "examiner-1 is on leave until May."), Examiner2);
        Assert.Equal("examiner-2", taken.Examiner);
        Assert.Equal((WorkflowActionKind.ReassignExaminer, "examiner-2", "Examiner examiner-1 replaced by examiner-2: examiner-1 is on leave until May."),
            (taken.History[^1].Action, taken.History[^1].ActorId, taken.History[^1].Note));

        var big = Do(UnderExamination(2_000_000m), new AssignSecondExaminer("examiner-2"), Examiner2);
        Assert.Equal("examiner.already_assigned", Refused(big, new AssignSecondExaminer("examiner-3"), Examiner2 with { Id = "examiner-3" }).Code);
        Assert.Equal("four_eyes.same_person", Refused(big, new ReassignExaminer("examiner-1", "Both.", Second: true), Examiner1).Code);
        Assert.Equal("examiner-3", Do(big, new ReassignExaminer("examiner-3", "examiner-2 moved team.", Second: true), Examiner2 with { Id = "examiner-3" }).SecondExaminer);
    }

    [Fact]
    public void A_disbursed_application_no_longer_offers_disbursement()
    {
        var approved = Do(Do(UnderExamination(), new ApproveWithConditions(850_000m, ["Signed."], null), Examiner1), new ReportDisbursement(1_000_000m, Today), Bank);
        var allowed = GuaranteeWorkflow.AllowedActions(Rules, approved, Today);
        Assert.DoesNotContain(WorkflowActionKind.ReportDisbursement, allowed);
        Assert.Contains(WorkflowActionKind.MeetCondition, allowed);
    }

    /// <summary>An action of this kind that the right person would send for this application, well formed.</summary>
    private static (WorkflowAction Action, WorkflowActor Actor) Fitting(GuaranteeApplication app, WorkflowActionKind kind, int variant)
    {
        var examiner = new WorkflowActor(app.Examiner ?? app.SecondExaminer ?? "examiner-1", ActorRole.Examiner);
        var someoneElse = new[] { "examiner-1", "examiner-2", "examiner-3" }.First(e => e != app.Examiner && e != app.SecondExaminer);
        var guaranteed = Money.TruncateToFen(app.LoanAmount * 0.85m);
        var countersigner = GuaranteeWorkflow.NeedsSecondExaminer(Rules, app) ? app.SecondExaminer : null;
        return kind switch
        {
            WorkflowActionKind.StartScreening => (new StartScreening(), System),
            WorkflowActionKind.CompleteScreening => (new CompleteScreening(true, []), System),
            WorkflowActionKind.AssignExaminer => (new AssignExaminer(someoneElse), new WorkflowActor(someoneElse, ActorRole.Examiner)),
            WorkflowActionKind.AssignSecondExaminer => (new AssignSecondExaminer(someoneElse), new WorkflowActor(someoneElse, ActorRole.Examiner)),
            WorkflowActionKind.ReassignExaminer => (new ReassignExaminer(someoneElse, "Leave.", Second: app.Examiner is null),
                new WorkflowActor(someoneElse, ActorRole.Examiner)),
            WorkflowActionKind.RequestInformation => (new RequestInformation("Latest tax return?"), examiner),
            WorkflowActionKind.AnswerInformation => (new AnswerInformation("Attached."), Bank),
            WorkflowActionKind.Approve => (new Approve(guaranteed, countersigner), examiner),
            WorkflowActionKind.ApproveWithConditions => (new ApproveWithConditions(guaranteed, ["Signed."], countersigner), examiner),
            WorkflowActionKind.Decline => (new Decline("Weak cash flow."), examiner),
            WorkflowActionKind.Withdraw => (new Withdraw("No longer needed."), Bank),
            WorkflowActionKind.MeetCondition => (new MeetCondition(app.Conditions.FirstOrDefault(c => !c.Met)?.Number ?? 1, "Seen."), examiner),
            WorkflowActionKind.ReportDisbursement => (new ReportDisbursement(app.LoanAmount, Today.AddDays(-(variant % 120))), Bank),
            WorkflowActionKind.Issue => (new Issue(), examiner),
            WorkflowActionKind.ConfirmFeePaid => (new ConfirmFeePaid(5_100m), System),
            WorkflowActionKind.ReportRepayment => (new ReportRepayment(Math.Min(app.Outstanding, variant % 2 == 0 ? 1_000m : app.Outstanding)), Bank),
            WorkflowActionKind.DeclareDefault => (new DeclareDefault(Rules.DefaultTriggerDaysPastDue), Bank),
            WorkflowActionKind.FileClaim => (new FileClaim(Math.Max(0.01m, GuaranteeWorkflow.Claimable(app))), Bank),
            WorkflowActionKind.PayClaim => (new PayClaim(app.ClaimFiled), examiner),
            WorkflowActionKind.BookRecovery => (new BookRecovery(Math.Max(0.01m, Money.TruncateToFen((app.ClaimPaid - app.Recovered) / 2))), Bank),
            WorkflowActionKind.Close => (new Close(), examiner),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>
    /// Random walks through the workflow by the actions it offers: at every step, each action allowedActions lists is
    /// accepted from the right person, and each action the table allows in the state but the list leaves out is refused.
    /// </summary>
    [Fact]
    public void Every_action_the_application_lists_is_accepted_and_every_one_it_leaves_out_is_refused()
    {
        var listed = 0;
        var left = 0;
        var walks = from loan in Gen.Elements(1_000_000m, 2_000_000m)
                    from steps in Gen.ArrayOf(Gen.Choose(0, 9_999), 40)
                    select (loan, steps);
        Prop.ForAll(walks.ToArbitrary(), walk =>
        {
            var app = New(walk.loan);
            foreach (var pick in walk.steps)
            {
                var allowed = GuaranteeWorkflow.AllowedActions(Rules, app, Today);
                foreach (var kind in GuaranteeWorkflow.AllowedActions(app.State))
                {
                    var (action, actor) = Fitting(app, kind, pick);
                    var result = GuaranteeWorkflow.Apply(Rules, app, action, actor, At);
                    if (allowed.Contains(kind) != result.Succeeded)
                    {
                        throw new InvalidOperationException(
                            $"{app.State} {kind}: listed {allowed.Contains(kind)}, but {(result.Succeeded ? "accepted" : result.Error!.Code)}");
                    }

                    _ = allowed.Contains(kind) ? listed++ : left++;
                }

                // Walk on, mostly away from the endings, so walks reach claims and recoveries.
                var onward = allowed.Where(k => k is not (WorkflowActionKind.Withdraw or WorkflowActionKind.Decline or WorkflowActionKind.Close)).ToList();
                var choices = onward.Count > 0 && pick % 10 != 0 ? onward : allowed;
                if (choices.Count == 0)
                {
                    break;
                }

                var (next, by) = Fitting(app, choices[pick / 10 % choices.Count], pick);
                app = GuaranteeWorkflow.Apply(Rules, app, next, by, At).Application!;
            }

            return true;
        }).QuickCheckThrowOnFailure();

        Assert.True(listed > 1_000 && left > 100, $"{listed} listed and {left} left-out actions were tried");
    }
}
