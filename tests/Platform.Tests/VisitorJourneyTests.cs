using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// The visitor's end-to-end walk, through the gateway with every service running as a process over real PostgreSQL and
/// RabbitMQ: a visitor takes a ticket at the Heping counter, a case is opened, referred to the credit guarantee
/// centre, the fund examines and the bank lends, the referral's outcome comes back onto the case by events, and the
/// clerk completes the case. The enterprise's timeline tells the whole story.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class VisitorJourneyTests(PlatformFixture platform)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    private HttpClient Clerk => platform.As("counter.heping");

    private HttpClient Examiner => platform.As("examiner.li");

    private HttpClient Bank => platform.As("ccb-shenyang");

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> Post(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        return await Json(response, expected);
    }

    private async Task<JsonElement> BankPost(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await Bank.SendAsync(request);
        return await Json(response, HttpStatusCode.OK);
    }

    private Task<JsonElement> ReferralWhen(Guid caseId, Func<JsonElement, bool> done, string what) =>
        Poll.UntilAsync(
            async () => (await Clerk.GetFromJsonAsync<JsonElement>($"/api/onestop/cases/{caseId}/referrals")).GetProperty("items")[0],
            done, EventTimeout, what);

    [Fact]
    public async Task A_visitor_goes_from_ticket_to_a_completed_case_with_a_guarantee_referral_whose_outcome_comes_back()
    {
        // The visitor's firm is on the register (the clerk registers it if not).
        var enterprise = await Post(Clerk, "/api/onestop/enterprises", new
        {
            uscc = Uscc.New(),
            name = $"沈阳和平精密制造{Guid.NewGuid():N}有限公司",
            ward = "heping",
            industryCode = "C3511",
            employees = 60,
            annualRevenue = 18_000_000m,
            totalAssets = 12_000_000m,
        }, HttpStatusCode.Created);
        var enterpriseId = enterprise.GetProperty("id").GetGuid();

        // Ticket: issued, called, served.
        var ticket = await Post(Clerk, "/api/onestop/counters/heping/tickets", new { reason = "融资咨询", enterpriseId }, HttpStatusCode.Created);
        var ticketId = ticket.GetProperty("id").GetGuid();
        await Post(Clerk, $"/api/onestop/counters/heping/tickets/{ticketId}/call", new { counter = "3" });
        await Post(Clerk, $"/api/onestop/counters/heping/tickets/{ticketId}/start", new { counter = "3" });

        // Case for finance consulting; the documents are received at the counter.
        var opened = await Post(Clerk, "/api/onestop/cases", new { enterpriseId, procedureCode = "finance-consulting", kind = "new" }, HttpStatusCode.Created);
        var caseId = opened.GetProperty("id").GetGuid();
        foreach (var document in opened.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("code").GetString()))
        {
            await Post(Clerk, $"/api/onestop/cases/{caseId}/documents/{document}", new { status = "received" });
        }

        await Post(Clerk, $"/api/onestop/cases/{caseId}/transitions", new { action = "start" });

        // Referral to the credit guarantee centre, with the loan the firm seeks from its chosen partner bank.
        var sent = await Post(Clerk, $"/api/onestop/cases/{caseId}/referrals", new
        {
            target = "credit-guarantee",
            note = "企业需要流动资金贷款，已选择建设银行",
            loanRequest = new { bankId = "ccb-shenyang", loanAmount = 800_000m, termMonths = 12, purpose = "working_capital" },
        }, HttpStatusCode.Created);
        Assert.Equal("referred", sent.GetProperty("case").GetProperty("state").GetString());
        Assert.Equal("sent", sent.GetProperty("referral").GetProperty("state").GetString());

        // The fund accepts it by turning it into an application; its id comes back onto the referral.
        var accepted = await ReferralWhen(caseId, r => r.GetProperty("state").GetString() != "sent", "the guarantee centre accepted the referral");
        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        var applicationId = Guid.Parse(accepted.GetProperty("receiverReference").GetString()!);

        // The bank sees the counter-referred application as its own, already screened.
        var application = await Bank.GetFromJsonAsync<JsonElement>($"/api/bank/v1/applications/{applicationId}");
        Assert.Equal("counter", application.GetProperty("channel").GetString());

        // The examiner takes it (service starts) and approves; the bank disburses: the guarantee is issued.
        await Post(Examiner, $"/api/guarantee/applications/{applicationId}/assignment", new { });
        await ReferralWhen(caseId, r => r.GetProperty("state").GetString() == "in_service", "the referral in service");
        var decided = await Post(Examiner, $"/api/guarantee/applications/{applicationId}/decision", new { outcome = "approve" });
        Assert.Equal("approved", decided.GetProperty("application").GetProperty("status").GetString());
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var issued = await BankPost($"/api/bank/v1/applications/{applicationId}/disbursement", new { amount = 800_000m, disbursedOn = yesterday });
        Assert.Equal("issued", issued.GetProperty("status").GetString());

        // The outcome comes back onto the referral, and the case returns to the clerk's hands.
        var done = await ReferralWhen(caseId, r => r.GetProperty("state").GetString() == "outcome_recorded", "the referral outcome recorded");
        Assert.Equal("achieved", done.GetProperty("outcome").GetProperty("result").GetString());
        Assert.Contains("CNY", done.GetProperty("outcome").GetProperty("summary").GetString(), StringComparison.Ordinal);
        var back = await Clerk.GetFromJsonAsync<JsonElement>($"/api/onestop/cases/{caseId}");
        Assert.Equal("in_progress", back.GetProperty("state").GetString());

        // The clerk records the milestone (dated today in Shenyang, on or after the case's opening), completes the case and finishes serving the visitor.
        await Post(Clerk, $"/api/onestop/cases/{caseId}/milestones", new
        {
            kind = "capital-raised", amountCny = 800_000m, achievedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), evidence = "Guaranteed loan disbursed by CCB",
        }, HttpStatusCode.Created);
        var completed = await Post(Clerk, $"/api/onestop/cases/{caseId}/transitions", new { action = "complete" });
        Assert.Equal("completed", completed.GetProperty("state").GetString());
        var finished = await Post(Clerk, $"/api/onestop/counters/heping/tickets/{ticketId}/finish", new { counter = "3" });
        Assert.Equal("done", finished.GetProperty("state").GetString());

        // One timeline tells it all: the register, the case, the referral and the fund's decisions.
        var kinds = await Poll.UntilAsync(
            async () => (await Clerk.GetFromJsonAsync<JsonElement>($"/api/onestop/enterprises/{enterpriseId}/timeline?limit=100"))
                .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToList(),
            k => k.Contains("guarantee.issued"), EventTimeout, "the guarantee issued on the timeline");
        foreach (var kind in new[] { "enterprise.registered", "case.opened", "referral.sent", "referral.accept", "guarantee.issued", "case.milestone", "case.complete" })
        {
            Assert.Contains(kind, kinds);
        }

        // The clerk reads the outline of credit: applied for, issued; the approval's figures are the fund's (docs/security.md).
        Assert.DoesNotContain("guarantee.decided", kinds);

        // Another ward's clerk sees none of it.
        Assert.Equal(HttpStatusCode.NotFound, (await platform.As("counter.dadong").GetAsync($"/api/onestop/cases/{caseId}/referrals")).StatusCode);
    }
}
