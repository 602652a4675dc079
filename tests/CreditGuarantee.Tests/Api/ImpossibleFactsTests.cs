using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>
/// What the fund already knows refuses what cannot be true, against the real service and PostgreSQL: a default older than
/// the loan; a condition met by an examiner who does not hold the file; a file taken over by assignment (reassignment is
/// its own act, with a reason, in the history and the audit trail); allowedActions that the guards would then refuse.
/// And the facts that keep the status (a disbursement, a repayment) reach the bank as events like every other history entry.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ImpossibleFactsTests(Testing.InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string Examination = "/api/guarantee/applications";
    private const string Guarantees = "/api/bank/v1/guarantees";

    private static string DaysAgo(int days) =>
        ServiceToday().AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ServiceToday() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    private static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;

    private static string[] AllowedActions(JsonElement view) => [.. view.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!)];

    private async Task<Guid> SubmittedAsync()
    {
        var (submitted, application) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        return application.GetProperty("id").GetGuid();
    }

    private async Task<Guid> ActiveAsync(string disbursedOn)
    {
        var id = await SubmittedAsync();
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" })).Response.StatusCode);
        var (disbursed, _) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1_200_000m, disbursedOn });
        Assert.Equal(HttpStatusCode.OK, disbursed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/fee-received", new { })).Response.StatusCode);
        return id;
    }

    [Fact]
    public async Task A_default_with_more_days_past_due_than_the_loan_has_existed_is_refused()
    {
        var id = await ActiveAsync(DaysAgo(1));

        var (refused, problem) = await Bank.BankPostAsync($"{Guarantees}/{id}/default", new { daysPastDue = 60, outstanding = 1_000_000m });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("default.days_past_due", Code(problem));
        var application = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal("active", application.GetProperty("status").GetString());

        var old = await ActiveAsync(DaysAgo(75));
        var (defaulted, _) = await Bank.BankPostAsync($"{Guarantees}/{old}/default", new { daysPastDue = 70, outstanding = 1_000_000m });
        Assert.Equal(HttpStatusCode.OK, defaulted.StatusCode);
    }

    [Fact]
    public async Task A_repayment_before_the_loan_was_disbursed_is_refused()
    {
        var id = await ActiveAsync(DaysAgo(10));
        var (refused, problem) = await Bank.BankPostAsync($"{Guarantees}/{id}/repayments",
            new { amount = 1_000m, paidOn = DaysAgo(11), outstandingAfter = 1_199_000m });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("repayment.date", Code(problem));
    }

    [Fact]
    public async Task An_examiner_who_does_not_hold_the_file_cannot_record_its_conditions_as_met()
    {
        var id = await SubmittedAsync();
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        var (approved, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision",
            new { outcome = "approve_with_conditions", conditions = new[] { new { text = "The equipment is insured.", reason = "It is the loan's purpose." } } });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1_200_000m, disbursedOn = DaysAgo(1) });

        var (refused, problem) = await Wang.PostJsonAsync($"{Examination}/{id}/conditions/1/met", new { evidence = "Seen, honestly." });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("examiner.not_assigned", Code(problem));
        var view = await Li.GetFromJsonAsync<JsonElement>($"{Examination}/{id}");
        Assert.Equal("approved_with_conditions", view.GetProperty("application").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_examiners_assignment_does_not_take_a_file_over_a_reassignment_with_a_reason_does()
    {
        var id = await SubmittedAsync();
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { })).Response.StatusCode);

        var (taken, problem) = await Wang.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("examiner.already_assigned", Code(problem));
        Assert.Equal("examiner.li", (await Li.GetFromJsonAsync<JsonElement>($"{Examination}/{id}")).GetProperty("examiner").GetString());

        var (noReason, invalid) = await Wang.PostJsonAsync($"{Examination}/{id}/reassignment", new { @as = "third" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(["as", "reason"], Bodies.Errors(invalid).Order(StringComparer.Ordinal));

        var (reassigned, view) = await Wang.PostJsonAsync($"{Examination}/{id}/reassignment", new { reason = "examiner.li is on leave until May." });
        Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        Assert.Equal("examiner.wang", view.GetProperty("examiner").GetString());
        var entry = view.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("reassign_examiner", "examiner.wang"), (entry.GetProperty("action").GetString(), entry.GetProperty("actorId").GetString()));
        Assert.Contains("examiner.li is on leave until May.", entry.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'application.examiner_reassigned'", new { id = id.ToString() }));

        // The bank does not see the fund's internal hand-over.
        var bankView = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.DoesNotContain("examiner.li", bankView.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bank")]
    [InlineData("sme_office")]
    [InlineData("admin")]
    public async Task Only_examiners_reassign(string role)
    {
        var id = await SubmittedAsync();
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        using var client = Factory.ClientFor(role, bankId: role == "bank" ? "ccb-shenyang" : null, subject: "someone");
        using var response = await client.PostAsJsonAsync($"{Examination}/{id}/reassignment", new { reason = "Mine now." });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("examiner.li", (await Li.GetFromJsonAsync<JsonElement>($"{Examination}/{id}")).GetProperty("examiner").GetString());
    }

    [Fact]
    public async Task A_disbursed_application_does_not_offer_disbursement_again()
    {
        var id = await SubmittedAsync();
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        await Li.PostJsonAsync($"{Examination}/{id}/decision",
            new { outcome = "approve_with_conditions", conditions = new[] { new { text = "The equipment is insured.", reason = "It is the loan's purpose." } } });
        var before = await Li.GetFromJsonAsync<JsonElement>($"{Examination}/{id}");
        Assert.Contains("report_disbursement", AllowedActions(before));

        await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1_200_000m, disbursedOn = DaysAgo(1) });
        var after = await Li.GetFromJsonAsync<JsonElement>($"{Examination}/{id}");
        Assert.DoesNotContain("report_disbursement", AllowedActions(after));
        Assert.Contains("meet_condition", AllowedActions(after));
    }

    [Fact]
    public async Task Disbursements_and_repayments_reach_the_bank_as_events()
    {
        var id = await ActiveAsync(DaysAgo(10));
        var (repaid, _) = await Bank.BankPostAsync($"{Guarantees}/{id}/repayments", new { amount = 200_000m, paidOn = DaysAgo(1), outstandingAfter = 1_000_000m });
        Assert.Equal(HttpStatusCode.OK, repaid.StatusCode);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var events = (await db.QueryAsync<(string Type, string From, string To, string Payload)>(
            "SELECT type, status_from, status_to, payload::text FROM bank_events WHERE application_id = @id ORDER BY position", new { id })).ToList();
        var actions = events.Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("action").GetString()).ToList();
        Assert.Contains("report_disbursement", actions);
        var repayment = Assert.Single(events, e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("action").GetString() == "report_repayment");
        Assert.Equal(("guarantee.active", "active", "active"), (repayment.Type, repayment.From, repayment.To));
        Assert.Contains("CNY 200,000.00", repayment.Payload, StringComparison.Ordinal);

        // The history the bank reads and its events say the same: one event per entry (and one for the submission).
        var history = (await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}")).GetProperty("history").GetArrayLength();
        Assert.Equal(history + 1, events.Count);
    }
}
