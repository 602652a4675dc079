using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class ReferralWorkflowTests
{
    private static readonly DateTimeOffset T0 = CaseWorkflowTests.T0;

    private static T Ok<T>(DomainResult<T> result)
        where T : class
    {
        Assert.True(result.IsOk, result.Error?.Message);
        return result.Value!;
    }

    /// <summary>A started case referred to <paramref name="target"/>: the case and the referral.</summary>
    private static (Case Case, Referral Referral) Referred(ReferralTarget target = ReferralTarget.CreditGuarantee)
    {
        var c = Ok(CaseWorkflow.Apply(CaseWorkflowTests.NewCase(), new CaseCommand(CaseAction.Start, "clerk-1", T0.AddMinutes(1))));
        var referral = Ok(ReferralWorkflow.Send(Guid.CreateVersion7(), c, target, "Needs a CNY 2m working-capital loan", "clerk-1", T0.AddMinutes(2)));
        c = Ok(CaseWorkflow.Apply(c, new CaseCommand(CaseAction.Refer, "clerk-1", T0.AddMinutes(2), null, referral)));
        return (c, referral);
    }

    private const string X = "-";

    /// <summary>Rows: states; columns: actions in enum order (Accept, StartService, RecordOutcome, Decline, Cancel).</summary>
    private static readonly Dictionary<ReferralState, string[]> Expected = new()
    {
        [ReferralState.Sent] = ["Accepted", X, X, "Declined", "Cancelled"],
        [ReferralState.Accepted] = [X, "InService", X, X, "Cancelled"],
        [ReferralState.InService] = [X, X, "OutcomeRecorded", X, "Cancelled"],
        [ReferralState.OutcomeRecorded] = [X, X, X, X, X],
        [ReferralState.Declined] = [X, X, X, X, X],
        [ReferralState.Cancelled] = [X, X, X, X, X],
    };

    [Fact]
    public void Every_state_and_action()
    {
        var (_, referral) = Referred();
        var outcome = new ReferralOutcome(ReferralResult.Achieved, "Guarantee approved", "GA-1");
        foreach (var state in Enum.GetValues<ReferralState>())
        {
            foreach (var action in Enum.GetValues<ReferralAction>())
            {
                var result = ReferralWorkflow.Apply(referral with { State = state },
                    new ReferralCommand(action, "cgf-examiner", T0.AddHours(1), "reason", outcome));
                var expected = Expected[state][(int)action];
                if (expected == X)
                {
                    Assert.Equal("illegal-referral-transition", result.Error?.Code);
                }
                else
                {
                    Assert.Equal(Enum.Parse<ReferralState>(expected), result.Value?.State);
                }
            }
        }
    }

    [Fact]
    public void Declining_and_cancelling_need_a_reason()
    {
        var (_, referral) = Referred();
        Assert.Equal("reason-required", ReferralWorkflow.Apply(referral, new ReferralCommand(ReferralAction.Decline, "cgf", T0.AddHours(1))).Error!.Code);
        Assert.Equal("reason-required", ReferralWorkflow.Apply(referral, new ReferralCommand(ReferralAction.Cancel, "clerk-1", T0.AddHours(1), "")).Error!.Code);
        Assert.True(ReferralWorkflow.Apply(referral, new ReferralCommand(ReferralAction.Accept, "cgf", T0.AddHours(1))).IsOk);
    }

    [Fact]
    public void An_outcome_needs_a_summary()
    {
        var (_, referral) = Referred();
        var inService = referral with { State = ReferralState.InService };
        Assert.Equal("outcome-required", ReferralWorkflow.Apply(inService, new ReferralCommand(ReferralAction.RecordOutcome, "cgf", T0.AddHours(1))).Error!.Code);
        Assert.Equal("outcome-required", ReferralWorkflow.Apply(inService,
            new ReferralCommand(ReferralAction.RecordOutcome, "cgf", T0.AddHours(1), Outcome: new ReferralOutcome(ReferralResult.Achieved, " "))).Error!.Code);
    }

    [Fact]
    public void Only_one_open_referral_per_service_and_case()
    {
        var (c, _) = Referred(ReferralTarget.Diagnosis);
        Assert.Equal("referral-already-open", ReferralWorkflow.Send(Guid.CreateVersion7(), c, ReferralTarget.Diagnosis, null, "clerk-1", T0.AddHours(1)).Error!.Code);
        Assert.True(ReferralWorkflow.Send(Guid.CreateVersion7(), c, ReferralTarget.PartnershipMatching, null, "clerk-1", T0.AddHours(1)).IsOk);
    }

    [Theory]
    [InlineData(CaseState.WaitingForDocuments)]
    [InlineData(CaseState.Completed)]
    [InlineData(CaseState.Withdrawn)]
    public void A_case_that_cannot_be_referred_sends_no_referral(CaseState state) =>
        Assert.Equal("case-cannot-refer", ReferralWorkflow.Send(Guid.CreateVersion7(), CaseWorkflowTests.NewCase() with { State = state },
            ReferralTarget.Diagnosis, null, "clerk-1", T0).Error!.Code);

    [Fact]
    public void The_outcome_is_written_back_and_the_case_returns_to_work()
    {
        var (c, referral) = Referred();
        referral = Ok(ReferralWorkflow.Apply(referral, new ReferralCommand(ReferralAction.Accept, "cgf-heping", T0.AddHours(3))));
        c = Ok(CaseWorkflow.RecordReferral(c, referral));
        Assert.Equal((CaseState.Referred, ReferralState.Accepted), (c.State, c.Referrals.Single().State));

        referral = Ok(ReferralWorkflow.Apply(referral, new ReferralCommand(ReferralAction.StartService, "cgf-heping", T0.AddDays(1))));
        referral = Ok(ReferralWorkflow.Apply(referral, new ReferralCommand(ReferralAction.RecordOutcome, "cgf-heping", T0.AddDays(8),
            Outcome: new ReferralOutcome(ReferralResult.Achieved, "Guarantee of CNY 1.6m approved", "GA-2025-0042"))));
        c = Ok(CaseWorkflow.RecordReferral(c, referral));

        Assert.Equal(CaseState.InProgress, c.State);
        Assert.Equal("GA-2025-0042", c.Referrals.Single().Outcome!.ExternalReference);
        var back = c.History[^1];
        Assert.Equal((CaseAction.ReturnFromReferral, "referral:CreditGuarantee", T0.AddDays(8)), (back.Action, back.Actor, back.At));
        Assert.Contains("Guarantee of CNY 1.6m approved", back.Reason, StringComparison.Ordinal);
        Assert.Equal(referral.AcceptedAt, T0.AddHours(3));
    }

    [Fact]
    public void A_case_waits_until_its_last_open_referral_closes()
    {
        var (c, guarantee) = Referred();
        var diagnosis = Ok(ReferralWorkflow.Send(Guid.CreateVersion7(), c, ReferralTarget.Diagnosis, null, "clerk-1", T0.AddMinutes(3)));
        c = Ok(CaseWorkflow.Apply(c, new CaseCommand(CaseAction.Refer, "clerk-1", T0.AddMinutes(3), null, diagnosis)));
        Assert.Equal("referral-open", CaseWorkflow.Apply(c, new CaseCommand(CaseAction.ReturnFromReferral, "clerk-1", T0.AddMinutes(4))).Error!.Code);

        guarantee = Ok(ReferralWorkflow.Apply(guarantee, new ReferralCommand(ReferralAction.Decline, "cgf", T0.AddHours(1), "Enterprise in default elsewhere")));
        c = Ok(CaseWorkflow.RecordReferral(c, guarantee));
        Assert.Equal(CaseState.Referred, c.State);

        diagnosis = Ok(ReferralWorkflow.Apply(diagnosis, new ReferralCommand(ReferralAction.Cancel, "clerk-1", T0.AddHours(2), "Enterprise withdrew the request")));
        c = Ok(CaseWorkflow.RecordReferral(c, diagnosis));
        Assert.Equal(CaseState.InProgress, c.State);
        Assert.Contains("Enterprise withdrew the request", c.History[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_referral_of_another_case_is_not_written_back()
    {
        var (c, _) = Referred();
        var (_, other) = Referred();
        Assert.Equal("referral-not-on-case", CaseWorkflow.RecordReferral(c, other).Error!.Code);
    }

    [Fact]
    public void Nobody_accepting_within_the_limit_raises_the_alert()
    {
        // Sent on Monday 3 March 2025 at 09:02; a limit of 2 working days ends with Wednesday 5 March.
        var (_, referral) = Referred();
        var calendar = WorkingDayCalendar.China2025;
        Assert.False(ReferralWorkflow.IsAcceptanceOverdue(referral, calendar, 2, new DateTimeOffset(2025, 3, 5, 23, 59, 0, TimeSpan.FromHours(8))));
        Assert.True(ReferralWorkflow.IsAcceptanceOverdue(referral, calendar, 2, new DateTimeOffset(2025, 3, 6, 0, 0, 0, TimeSpan.FromHours(8))));
        var accepted = Ok(ReferralWorkflow.Apply(referral, new ReferralCommand(ReferralAction.Accept, "cgf", T0.AddDays(5))));
        Assert.False(ReferralWorkflow.IsAcceptanceOverdue(accepted, calendar, 2, T0.AddDays(6)));
    }
}
