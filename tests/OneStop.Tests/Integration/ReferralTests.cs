using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;
using static SmePlatform.OneStop.Tests.Integration.ReferralTestKit;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>Referring a case over HTTP: sending, listing, cancelling; the outbox and audit; bad input; conflicts; who may do it.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ReferralTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private async Task<Guid> HepingCase()
    {
        using var admin = As("admin");
        return await OpenCase(Clerk, await RegisterEnterprise(admin, "heping"));
    }

    private async Task<JsonElement> Case(Guid id) => await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}");

    [Fact]
    public async Task Sending_a_credit_guarantee_referral_refers_the_case_and_writes_ReferralSent_with_the_loan_and_the_audit()
    {
        var caseId = await HepingCase();
        var sent = await Refer(Clerk, caseId, "credit-guarantee", "需要流动资金贷款");
        var referral = sent.GetProperty("referral");
        var referralId = referral.GetProperty("id").GetGuid();

        Assert.Equal("sent", referral.GetProperty("state").GetString());
        Assert.Equal("credit-guarantee", referral.GetProperty("target").GetString());
        Assert.Equal(2_000_000m, referral.GetProperty("loanRequest").GetProperty("loanAmount").GetDecimal());
        Assert.False(referral.GetProperty("acceptanceOverdue").GetBoolean());
        Assert.Equal("referred", sent.GetProperty("case").GetProperty("state").GetString());

        var @case = await Case(caseId);
        Assert.Equal("referred", @case.GetProperty("state").GetString());
        Assert.Equal(referralId, @case.GetProperty("referrals")[0].GetProperty("referralId").GetGuid());
        Assert.Equal("refer", @case.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());

        var listed = await Referrals(Clerk, caseId);
        Assert.Equal([referralId], listed.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));

        var events = await Outbox(Factory.ConnectionString, "ReferralSent");
        var @event = Assert.Single(events);
        Assert.Equal(referralId, @event.GetProperty("referralId").GetGuid());
        Assert.Equal(caseId, @event.GetProperty("caseId").GetGuid());
        Assert.Equal("heping", @event.GetProperty("ward").GetString());
        Assert.Equal("沈阳转介测试有限公司", @event.GetProperty("enterpriseName").GetString());
        Assert.Equal(18, @event.GetProperty("uscc").GetString()!.Length);
        Assert.Equal("counter_staff.heping", @event.GetProperty("sentBy").GetString());
        Assert.Equal("bank-a", @event.GetProperty("loanRequest").GetProperty("bankId").GetString());
        Assert.Equal("working_capital", @event.GetProperty("loanRequest").GetProperty("purpose").GetString());
        Assert.Contains(await Outbox(Factory.ConnectionString, "CaseStateChanged"), e => e.GetProperty("action").GetString() == "Refer");

        Assert.Equal([("referral.sent", "counter_staff.heping")], await Audit(Factory.ConnectionString, "referral", referralId));
        Assert.Contains(("case.refer", "counter_staff.heping"), await Audit(Factory.ConnectionString, "case", caseId));
    }

    [Fact]
    public async Task A_diagnosis_referral_needs_no_loan_and_its_event_carries_none()
    {
        var caseId = await HepingCase();
        var sent = await Refer(Clerk, caseId, "diagnosis");
        Assert.False(sent.GetProperty("referral").TryGetProperty("loanRequest", out var none) && none.ValueKind != JsonValueKind.Null);
        var @event = Assert.Single(await Outbox(Factory.ConnectionString, "ReferralSent"));
        Assert.True(!@event.TryGetProperty("loanRequest", out var loan) || loan.ValueKind == JsonValueKind.Null, @event.ToString());
        Assert.Equal("diagnosis", @event.GetProperty("target").GetString());
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"target":"bank"}""", "target" },
        { """{"note":"x"}""", "target" },
        { """{"target":"credit-guarantee"}""", "loanRequest" },
        { """{"target":"credit-guarantee","loanRequest":{"bankId":"bank-a","loanAmount":-5,"termMonths":24,"purpose":"working_capital"}}""", "loanRequest.loanAmount" },
        { """{"target":"credit-guarantee","loanRequest":{"bankId":"bank-a","loanAmount":5000,"termMonths":0,"purpose":"working_capital"}}""", "loanRequest.termMonths" },
        { """{"target":"credit-guarantee","loanRequest":{"bankId":"","loanAmount":5000,"termMonths":12,"purpose":"working_capital"}}""", "loanRequest.bankId" },
        { """{"target":"credit-guarantee","loanRequest":{"bankId":"bank-a","loanAmount":5000,"termMonths":12,"purpose":"holiday"}}""", "loanRequest.purpose" },
        { """{"target":"credit-guarantee","loanRequest":{"bankId":"bank-a","loanAmount":5000,"termMonths":12,"purpose":"trade","instalmentType":"balloon"}}""", "loanRequest.instalmentType" },
        { """{"target":"diagnosis","loanRequest":{"bankId":"bank-a","loanAmount":5000,"termMonths":12,"purpose":"trade"}}""", "loanRequest" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_400_naming_the_field_and_nothing_changes(string body, string field)
    {
        var caseId = await HepingCase();
        using var response = await Clerk.PostAsync($"{Cases}/{caseId}/referrals", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("received", (await Case(caseId)).GetProperty("state").GetString());
        Assert.Equal(0, (await Referrals(Clerk, caseId)).GetArrayLength());
        Assert.Empty(await Outbox(Factory.ConnectionString, "ReferralSent"));
    }

    [Fact]
    public async Task A_second_open_referral_to_the_same_service_is_409_another_service_is_fine()
    {
        var caseId = await HepingCase();
        await Refer(Clerk, caseId, "diagnosis");

        using var again = await Clerk.PostAsJsonAsync($"{Cases}/{caseId}/referrals", new { target = "diagnosis" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("referral-already-open", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await Refer(Clerk, caseId, "partnership-matching");
        Assert.Equal(2, (await Referrals(Clerk, caseId)).GetArrayLength());
        Assert.Equal(2, (await Outbox(Factory.ConnectionString, "ReferralSent")).Count);
    }

    [Fact]
    public async Task A_closed_case_cannot_be_referred_409_and_nothing_is_sent()
    {
        var caseId = await HepingCase();
        using (var withdrawn = await Clerk.PostAsJsonAsync($"{Cases}/{caseId}/transitions", new { action = "withdraw", reason = "企业撤回" }))
        {
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        }

        using var response = await Clerk.PostAsJsonAsync($"{Cases}/{caseId}/referrals", new { target = "diagnosis" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("case-cannot-refer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Empty(await Outbox(Factory.ConnectionString, "ReferralSent"));
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_returns_the_case_to_work_tells_the_receiver_and_cannot_happen_twice()
    {
        var caseId = await HepingCase();
        var referralId = (await Refer(Clerk, caseId, "diagnosis")).GetProperty("referral").GetProperty("id").GetGuid();
        var cancellation = $"{Cases}/{caseId}/referrals/{referralId}/cancellation";

        using (var noReason = await Clerk.PostAsJsonAsync(cancellation, new { reason = "  " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        }

        Assert.Equal("sent", (await Referral(Clerk, caseId, referralId)).GetProperty("state").GetString());

        using var cancelled = await Clerk.PostAsJsonAsync(cancellation, new { reason = "企业已自行解决" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", body.GetProperty("referral").GetProperty("state").GetString());
        Assert.Equal("企业已自行解决", body.GetProperty("referral").GetProperty("declineOrCancelReason").GetString());
        Assert.Equal("in_progress", body.GetProperty("case").GetProperty("state").GetString());
        Assert.Equal("return_from_referral", (await Case(caseId)).GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());

        var told = Assert.Single(await Outbox(Factory.ConnectionString, "ReferralCancelled"));
        Assert.Equal(referralId, told.GetProperty("referralId").GetGuid());
        Assert.Equal("diagnosis", told.GetProperty("target").GetString());

        using var twice = await Clerk.PostAsJsonAsync(cancellation, new { reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("illegal-referral-transition", (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Single(await Outbox(Factory.ConnectionString, "ReferralCancelled"));
        Assert.Equal(["referral.sent", "referral.cancelled"], (await Audit(Factory.ConnectionString, "referral", referralId)).Select(a => a.Action));
    }

    [Fact]
    public async Task Withdrawing_a_referred_case_cancels_its_open_referrals_and_tells_the_receivers()
    {
        var caseId = await HepingCase();
        var referralId = (await Refer(Clerk, caseId, "diagnosis")).GetProperty("referral").GetProperty("id").GetGuid();

        using var withdrawn = await Clerk.PostAsJsonAsync($"{Cases}/{caseId}/transitions", new { action = "withdraw", reason = "企业撤回" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var @case = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("withdrawn", @case.GetProperty("state").GetString());
        Assert.Equal("cancelled", @case.GetProperty("referrals")[0].GetProperty("state").GetString());

        var referral = await Referral(Clerk, caseId, referralId);
        Assert.Equal("cancelled", referral.GetProperty("state").GetString());
        Assert.Equal("The case was withdrawn: 企业撤回", referral.GetProperty("declineOrCancelReason").GetString());
        Assert.Equal(referralId, Assert.Single(await Outbox(Factory.ConnectionString, "ReferralCancelled")).GetProperty("referralId").GetGuid());
    }

    [Fact]
    public async Task Another_wards_clerk_finds_nothing_and_changes_nothing()
    {
        var caseId = await HepingCase();
        var referralId = (await Refer(Clerk, caseId, "diagnosis")).GetProperty("referral").GetProperty("id").GetGuid();
        using var dadong = As("counter_staff", "dadong");

        Assert.Equal(HttpStatusCode.NotFound, (await dadong.PostAsJsonAsync($"{Cases}/{caseId}/referrals", new { target = "partnership-matching" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.GetAsync($"{Cases}/{caseId}/referrals")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await dadong.PostAsJsonAsync($"{Cases}/{caseId}/referrals/{referralId}/cancellation", new { reason = "not mine" })).StatusCode);

        Assert.Equal("sent", (await Referral(Clerk, caseId, referralId)).GetProperty("state").GetString());
        Assert.Equal(1, (await Referrals(Clerk, caseId)).GetArrayLength());
    }

    [Fact]
    public async Task A_referral_id_is_only_found_under_its_own_case()
    {
        var first = await HepingCase();
        var second = await HepingCase();
        var referralId = (await Refer(Clerk, first, "diagnosis")).GetProperty("referral").GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound,
            (await Clerk.PostAsJsonAsync($"{Cases}/{second}/referrals/{referralId}/cancellation", new { reason = "wrong case" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clerk.PostAsJsonAsync($"{Cases}/{Guid.CreateVersion7()}/referrals", new { target = "diagnosis" })).StatusCode);
        Assert.Equal("sent", (await Referral(Clerk, first, referralId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Roles_who_may_not_refer_get_403_readers_read_and_anonymous_is_401()
    {
        var caseId = await HepingCase();
        var referralId = (await Refer(Clerk, caseId, "diagnosis")).GetProperty("referral").GetProperty("id").GetGuid();
        var cancellation = $"{Cases}/{caseId}/referrals/{referralId}/cancellation";

        foreach (var role in new[] { "examiner", "intermediary", "advisor", "sme_office", "bank", "service" })
        {
            using var client = As(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"{Cases}/{caseId}/referrals", new { target = "partnership-matching" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(cancellation, new { reason = "x" })).StatusCode);
        }

        foreach (var role in new[] { "examiner", "intermediary", "advisor", "bank", "service" })
        {
            using var client = As(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{Cases}/{caseId}/referrals")).StatusCode);
        }

        using var office = As("sme_office");
        Assert.Equal(1, (await Referrals(office, caseId)).GetArrayLength());
        using var admin = As("admin");
        Assert.Equal(1, (await Referrals(admin, caseId)).GetArrayLength());

        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Cases}/{caseId}/referrals")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"{Cases}/{caseId}/referrals", new { target = "diagnosis" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(cancellation, new { reason = "x" })).StatusCode);

        Assert.Equal("sent", (await Referral(Clerk, caseId, referralId)).GetProperty("state").GetString());
        Assert.Single(await Outbox(Factory.ConnectionString, "ReferralSent"));

        // Admins act in every ward.
        using var cancelled = await admin.PostAsJsonAsync(cancellation, new { reason = "sent in error" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
    }
}
