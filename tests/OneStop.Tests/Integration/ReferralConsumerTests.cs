using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Testing;
using static SmePlatform.OneStop.Tests.Integration.ReferralTestKit;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>
/// The receiving services' replies over the real RabbitMQ: written onto the referral and the case, once per message,
/// in whatever order they arrive; replies for cancelled or unknown referrals are acknowledged and change nothing.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class ReferralConsumerTests(InfrastructureFixture infra) : OneStopBrokerTest(infra)
{
    private async Task<(Guid CaseId, Guid ReferralId)> Referred(string target = ReferralTargets.CreditGuarantee)
    {
        var caseId = await OpenCase(Clerk, await RegisterEnterprise(Admin, "heping"));
        var sent = await Refer(Clerk, caseId, target);
        return (caseId, sent.GetProperty("referral").GetProperty("id").GetGuid());
    }

    private Task<JsonElement> ReferralWhen(Guid caseId, Guid referralId, Func<JsonElement, bool> done, string what) =>
        Poll.UntilAsync(() => Referral(Clerk, caseId, referralId), done, Timeout, what);

    private static string State(JsonElement referral) => referral.GetProperty("state").GetString()!;

    private static int Replies(JsonElement referral) => referral.GetProperty("replies").GetArrayLength();

    private async Task<JsonElement> Case(Guid caseId) => await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{caseId}");

    [Fact]
    public async Task Replies_in_order_walk_the_referral_to_its_outcome_and_the_case_back_to_work_so_it_can_complete()
    {
        var (caseId, referralId) = await Referred();
        var t = DateTimeOffset.UtcNow;

        await Publish(new ReferralAccepted(referralId, ReferralTargets.CreditGuarantee, "APP-1", "examiner.li", t));
        var accepted = await ReferralWhen(caseId, referralId, r => State(r) == "accepted", "the referral accepted");
        Assert.Equal("APP-1", accepted.GetProperty("receiverReference").GetString());
        Assert.Equal("referred", (await Case(caseId)).GetProperty("state").GetString());
        Assert.Equal("accepted", (await Case(caseId)).GetProperty("referrals")[0].GetProperty("state").GetString());

        await Publish(new ReferralServiceStarted(referralId, ReferralTargets.CreditGuarantee, "APP-1", t.AddMinutes(1)));
        await ReferralWhen(caseId, referralId, r => State(r) == "in_service", "the referral in service");

        await Publish(new ReferralOutcomeReported(referralId, ReferralTargets.CreditGuarantee, ReferralResults.Achieved, "担保已出具，贷款200万元", "APP-1",
            t.AddMinutes(2)));
        var done = await ReferralWhen(caseId, referralId, r => State(r) == "outcome_recorded", "the outcome recorded");
        Assert.Equal("achieved", done.GetProperty("outcome").GetProperty("result").GetString());
        Assert.Equal("担保已出具，贷款200万元", done.GetProperty("outcome").GetProperty("summary").GetString());
        Assert.Equal(["accept", "start_service", "record_outcome"], done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.All(done.GetProperty("history").EnumerateArray(), h => Assert.Equal("service:credit-guarantee", h.GetProperty("actor").GetString()));
        Assert.Equal(3, Replies(done));

        // The outcome closes the loop: the case is back in progress, logged with the outcome, for the clerk to complete.
        var @case = await Case(caseId);
        Assert.Equal("in_progress", @case.GetProperty("state").GetString());
        var last = @case.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("return_from_referral", last.GetProperty("action").GetString());
        Assert.Contains("担保已出具", last.GetProperty("reason").GetString(), StringComparison.Ordinal);
        using var complete = await Clerk.PostAsJsonAsync($"{Cases}/{caseId}/transitions", new { action = "complete" });
        Assert.Equal(System.Net.HttpStatusCode.OK, complete.StatusCode);

        var audit = await Audit(Factory.ConnectionString, "referral", referralId);
        Assert.Equal(["referral.sent", "referral.accepted", "referral.servicestarted", "referral.outcomereported"], audit.Select(a => a.Action));
        Assert.All(audit.Skip(1), a => Assert.Equal("service:credit-guarantee", a.ActorId));
        Assert.Contains(await Audit(Factory.ConnectionString, "case", caseId), a => a is ("case.returnfromreferral", "service:credit-guarantee"));
        Assert.Contains(await Outbox(Factory.ConnectionString, "CaseStateChanged"), e => e.GetProperty("action").GetString() == "ReturnFromReferral");
        Assert.Equal(0, Deliveries.Faults);
    }

    [Fact]
    public async Task An_outcome_arriving_first_records_the_implied_steps_and_the_late_acceptance_is_recorded_not_applied()
    {
        var (caseId, referralId) = await Referred(ReferralTargets.Diagnosis);
        var t = DateTimeOffset.UtcNow;

        await Publish(new ReferralOutcomeReported(referralId, ReferralTargets.Diagnosis, ReferralResults.NotAchieved, "企业未提供财务报表", "DX-9",
            t.AddMinutes(5)));
        var done = await ReferralWhen(caseId, referralId, r => State(r) == "outcome_recorded", "the outcome recorded");
        Assert.Equal(["accept", "start_service", "record_outcome"], done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.StartsWith("implied", done.GetProperty("history")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("in_progress", (await Case(caseId)).GetProperty("state").GetString());

        await Publish(new ReferralAccepted(referralId, ReferralTargets.Diagnosis, "DX-9", "advisor.wang", t));
        var after = await ReferralWhen(caseId, referralId, r => Replies(r) == 2, "the late acceptance recorded");
        var late = after.GetProperty("replies")[1];
        Assert.Equal("accepted", late.GetProperty("kind").GetString());
        Assert.False(late.GetProperty("applied").GetBoolean());
        Assert.Contains("already", late.GetProperty("ignoredBecause").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, after.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task The_same_reply_delivered_twice_is_applied_once()
    {
        var (caseId, referralId) = await Referred();
        var messageId = Guid.CreateVersion7();
        var accepted = new ReferralAccepted(referralId, ReferralTargets.CreditGuarantee, "APP-2", "examiner.li", DateTimeOffset.UtcNow);

        await Publish(accepted, messageId);
        await Publish(accepted, messageId);
        await Poll.UntilAsync(() => Task.FromResult(Deliveries.Consumed<ReferralAccepted>()), n => n >= 2, Timeout, "both deliveries consumed");

        var referral = await Referral(Clerk, caseId, referralId);
        Assert.Equal("accepted", State(referral));
        Assert.Equal(1, referral.GetProperty("history").GetArrayLength());
        Assert.Equal(1, Replies(referral));
        Assert.Equal(["referral.sent", "referral.accepted"], (await Audit(Factory.ConnectionString, "referral", referralId)).Select(a => a.Action));
        Assert.Equal(0, Deliveries.Faults);
    }

    [Fact]
    public async Task A_decline_closes_the_referral_with_its_reason_and_returns_the_case()
    {
        var (caseId, referralId) = await Referred(ReferralTargets.PartnershipMatching);
        await Publish(new ReferralDeclined(referralId, ReferralTargets.PartnershipMatching, "暂无匹配的合作伙伴", "matching.desk", DateTimeOffset.UtcNow));

        var declined = await ReferralWhen(caseId, referralId, r => State(r) == "declined", "the referral declined");
        Assert.Equal("暂无匹配的合作伙伴", declined.GetProperty("declineOrCancelReason").GetString());
        Assert.Equal("in_progress", (await Case(caseId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Replies_for_a_cancelled_referral_are_recorded_and_change_nothing()
    {
        var (caseId, referralId) = await Referred();
        using (var cancel = await Clerk.PostAsJsonAsync($"{Cases}/{caseId}/referrals/{referralId}/cancellation", new { reason = "企业不再需要贷款" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, cancel.StatusCode);
        }

        var caseBefore = await Case(caseId);
        await Publish(new ReferralAccepted(referralId, ReferralTargets.CreditGuarantee, "APP-3", "examiner.li", DateTimeOffset.UtcNow));
        await Publish(new ReferralOutcomeReported(referralId, ReferralTargets.CreditGuarantee, ReferralResults.Achieved, "issued", "APP-3",
            DateTimeOffset.UtcNow));

        var after = await ReferralWhen(caseId, referralId, r => Replies(r) == 2, "both replies recorded");
        Assert.Equal("cancelled", State(after));
        Assert.All(after.GetProperty("replies").EnumerateArray(), r =>
        {
            Assert.False(r.GetProperty("applied").GetBoolean());
            Assert.Contains("cancelled", r.GetProperty("ignoredBecause").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(caseBefore.GetProperty("rowVersion").GetInt32(), (await Case(caseId)).GetProperty("rowVersion").GetInt32());
    }

    [Fact]
    public async Task A_reply_for_an_unknown_referral_is_acknowledged_not_retried()
    {
        var (caseId, referralId) = await Referred();
        await Publish(new ReferralAccepted(Guid.CreateVersion7(), ReferralTargets.CreditGuarantee, "APP-X", "examiner.li", DateTimeOffset.UtcNow));
        await Publish(new ReferralAccepted(referralId, ReferralTargets.CreditGuarantee, "APP-4", "examiner.li", DateTimeOffset.UtcNow));

        await Poll.UntilAsync(() => Task.FromResult(Deliveries.Consumed<ReferralAccepted>()), n => n >= 2, Timeout, "both deliveries consumed");
        await ReferralWhen(caseId, referralId, r => State(r) == "accepted", "the known referral accepted");
        Assert.Equal(0, Deliveries.Faults);
    }

    [Fact]
    public async Task A_reply_naming_another_target_is_recorded_and_not_applied()
    {
        var (caseId, referralId) = await Referred(ReferralTargets.Diagnosis);
        await Publish(new ReferralAccepted(referralId, ReferralTargets.CreditGuarantee, "APP-5", "examiner.li", DateTimeOffset.UtcNow));

        var after = await ReferralWhen(caseId, referralId, r => Replies(r) == 1, "the reply recorded");
        Assert.Equal("sent", State(after));
        Assert.Contains("target", after.GetProperty("replies")[0].GetProperty("ignoredBecause").GetString(), StringComparison.Ordinal);
    }
}
