using FsCheck;
using FsCheck.Fluent;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

/// <summary>A case's allowedActions are what its guards then accept: none listed is refused, none left out is accepted.</summary>
public sealed class CaseAllowedActionsTests
{
    private static readonly DateTimeOffset T0 = CaseWorkflowTests.T0;

    /// <summary>
    /// The command a clerk would send for this action now: with a reason, and for a referral the one just sent to a service
    /// without an open referral (<see cref="ReferralWorkflow.Send"/>, as the endpoint does); null when no referral can be sent.
    /// </summary>
    private static CaseCommand? Command(Case @case, CaseAction action, DateTimeOffset at)
    {
        if (action != CaseAction.Refer)
        {
            return new CaseCommand(action, "clerk-1", at, "Because.");
        }

        var sent = Enum.GetValues<ReferralTarget>().Select(t => ReferralWorkflow.Send(Guid.CreateVersion7(), @case, t, "", "clerk-1", at))
            .FirstOrDefault(r => r.IsOk);
        return sent is null ? null : new CaseCommand(action, "clerk-1", at, "Because.", sent.Value);
    }

    private static DomainResult<Case>? Try(Case @case, CaseAction action, DateTimeOffset at) =>
        Command(@case, action, at) is { } command ? CaseWorkflow.Apply(@case, command) : null;

    [Fact]
    public void A_case_returns_from_referral_only_once_no_referral_is_open()
    {
        var received = CaseWorkflowTests.NewCase();
        var referred = Try(received, CaseAction.Refer, T0.AddMinutes(1))!.Value!;
        Assert.DoesNotContain(CaseAction.ReturnFromReferral, CaseWorkflow.AllowedActions(referred));
        Assert.False(CaseWorkflow.Apply(referred, new CaseCommand(CaseAction.ReturnFromReferral, "clerk-1", T0.AddMinutes(2))).IsOk);
    }

    [Fact]
    public void Every_listed_action_is_accepted_and_every_one_left_out_is_refused()
    {
        var tried = 0;
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 9_999), 30).ToArbitrary(), picks =>
        {
            var @case = CaseWorkflowTests.NewCase();
            var at = T0;
            foreach (var pick in picks)
            {
                at = at.AddMinutes(1);
                var listed = CaseWorkflow.AllowedActions(@case);
                foreach (var action in CaseWorkflow.AllowedActions(@case.State))
                {
                    var accepted = Try(@case, action, at)?.IsOk ?? false;
                    if (listed.Contains(action) != accepted)
                    {
                        throw new InvalidOperationException($"{@case.State} {action}: listed {listed.Contains(action)}, accepted {accepted}");
                    }

                    tried++;
                }

                // Walk on: a document arrives, a referral closes, or the case takes one of its listed actions.
                switch (pick % 4)
                {
                    case 0 when @case.MissingRequiredDocuments.Count > 0:
                        // Refused once the case is closed: the walk then stays where it is.
                        @case = CaseWorkflow.ReceiveDocument(@case, @case.MissingRequiredDocuments[0].Code, "clerk-1", at).Value ?? @case;
                        break;
                    case 1 when @case.Referrals.FirstOrDefault(r => ReferralWorkflow.IsOpen(r.State)) is { } open:
                        var closed = new Referral(open.ReferralId, @case.Id, @case.EnterpriseId, open.Target, "", ReferralState.Cancelled, open.SentAt,
                            "clerk-1", null, "No longer needed.", []);
                        @case = CaseWorkflow.RecordReferral(@case, closed).Value ?? @case;
                        break;
                    default:
                        if (listed.Count > 0)
                        {
                            @case = Try(@case, listed[pick / 4 % listed.Count], at)!.Value!;
                        }

                        break;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

        Assert.True(tried > 1_000, $"only {tried} actions were tried");
    }
}
