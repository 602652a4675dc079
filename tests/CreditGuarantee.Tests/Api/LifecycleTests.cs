using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>
/// The guarantee after issuance, against the real service and PostgreSQL: fee, repayments, default at the trigger, claim
/// within its limits, claim paid, recoveries within the claim, closure; withdrawal; bank isolation and idempotency.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class LifecycleTests(Testing.InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string Examination = "/api/guarantee/applications";
    private const string Guarantees = "/api/bank/v1/guarantees";

    private static readonly string Yesterday =
        DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Long enough ago for a default: a loan is never more days past due than it has existed.</summary>
    private static readonly string NinetyDaysAgo =
        DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-90)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient client, string path, object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Task<(HttpResponseMessage Response, JsonElement Body)> BankPostAsync(HttpClient client, string path, object body) =>
        PostAsync(client, path, body, Guid.NewGuid().ToString());

    private static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;

    private static string Status(JsonElement view) =>
        (view.TryGetProperty("application", out var application) ? application : view).GetProperty("status").GetString()!;

    /// <summary>Submitted, approved (CNY 1,200,000; CNY 1,020,000 guaranteed; fee CNY 7,344.00), disbursed: issued.</summary>
    private async Task<Guid> IssuedAsync()
    {
        var (submitted, application) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = application.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" })).Response.StatusCode);
        var (disbursed, issued) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1_200_000m, disbursedOn = NinetyDaysAgo });
        Assert.Equal(HttpStatusCode.OK, disbursed.StatusCode);
        Assert.Equal("issued", Status(issued));
        return id;
    }

    private async Task<Guid> ActiveAsync()
    {
        var id = await IssuedAsync();
        var (paid, active) = await Li.PostJsonAsync($"{Examination}/{id}/fee-received", new { });
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("active", Status(active));
        return id;
    }

    private async Task<string[]> EventTypesAsync(Guid id)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return [.. await db.QueryAsync<string>(
            "SELECT message_type FROM outbox_messages WHERE payload->>'applicationId' = @id ORDER BY position", new { id = id.ToString() })];
    }

    private async Task<JsonElement> EventAsync(Guid id, string type)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return JsonDocument.Parse(await db.QuerySingleAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE payload->>'applicationId' = @id AND message_type = @type",
            new { id = id.ToString(), type = "SmePlatform.Contracts.Guarantee." + type })).RootElement.Clone();
    }

    [Fact]
    public async Task A_guarantee_walks_from_issuance_through_default_claim_payment_and_recovery_to_closure()
    {
        var id = await IssuedAsync();

        // Not active yet: a default cannot be reported on an issued guarantee.
        var (early, earlyProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/default", new { daysPastDue = 90, outstanding = 1_000_000m });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("transition.not_allowed", Code(earlyProblem));
        Assert.Equal("issued", earlyProblem.GetProperty("from").GetString());
        Assert.Equal("defaulted", earlyProblem.GetProperty("to").GetString());

        var (fee, active) = await Li.PostJsonAsync($"{Examination}/{id}/fee-received", new { });
        Assert.Equal(HttpStatusCode.OK, fee.StatusCode);
        Assert.Equal("active", Status(active));
        Assert.Contains("Fee of CNY 7,344.00 received.", active.GetRawText(), StringComparison.Ordinal);

        var (repaid, afterRepayment) = await BankPostAsync(Bank, $"{Guarantees}/{id}/repayments",
            new { amount = 200_000m, paidOn = Yesterday, outstandingAfter = 1_000_000m });
        Assert.Equal(HttpStatusCode.OK, repaid.StatusCode);
        Assert.Equal("active", Status(afterRepayment));
        Assert.Equal(1_000_000m, afterRepayment.GetProperty("guarantee").GetProperty("outstanding").GetDecimal());

        // 59 days past due is not a default (the preset trigger is 60); nothing changes.
        var (below, belowProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/default", new { daysPastDue = 59, outstanding = 900_000m });
        Assert.Equal(HttpStatusCode.Conflict, below.StatusCode);
        Assert.Equal("default.below_trigger", Code(belowProblem));
        Assert.Contains("60 days", belowProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (defaulted, defaultView) = await BankPostAsync(Bank, $"{Guarantees}/{id}/default", new { daysPastDue = 60, outstanding = 900_000m });
        Assert.Equal(HttpStatusCode.OK, defaulted.StatusCode);
        Assert.Equal("defaulted", Status(defaultView));
        Assert.Equal(900_000m, defaultView.GetProperty("guarantee").GetProperty("outstanding").GetDecimal());

        // A claim is at most the fund's 85% share of the CNY 900,000 outstanding at default (CNY 765,000), and never more
        // than the CNY 1,020,000 guaranteed: the bank keeps 15% of the loss.
        var (over, overProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/claims", new { amount = 765_000.01m });
        Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
        Assert.Equal("claim.amount", Code(overProblem));
        var (invalidClaim, invalidProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/claims", new { amount = -1m });
        Assert.Equal(HttpStatusCode.BadRequest, invalidClaim.StatusCode);
        Assert.Equal(["amount"], Bodies.Errors(invalidProblem));

        var (claimed, claimView) = await BankPostAsync(Bank, $"{Guarantees}/{id}/claims", new { amount = 765_000m });
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("claim_filed", Status(claimView));

        // The bank cannot pay itself; an examiner pays the filed claim.
        using (var bankPays = await Bank.PostAsJsonAsync($"{Examination}/{id}/claim-payment", new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bankPays.StatusCode);
        }

        var (paid, paidView) = await Wang.PostJsonAsync($"{Examination}/{id}/claim-payment", new { });
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("claim_paid", Status(paidView));
        Assert.Contains(paidView.GetProperty("history").EnumerateArray(), h => h.GetProperty("note").GetString()!.Contains("subrogated", StringComparison.Ordinal));

        var (tooMuch, tooMuchProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/recoveries", new { amount = 765_000.01m, receivedOn = Yesterday });
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        Assert.Equal("recovery.amount", Code(tooMuchProblem));

        var (recovered, recoveredView) = await BankPostAsync(Bank, $"{Guarantees}/{id}/recoveries", new { amount = 300_000m, receivedOn = Yesterday });
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal("recoveries_booked", Status(recoveredView));
        var guarantee = recoveredView.GetProperty("guarantee");
        Assert.Equal(1_020_000m, guarantee.GetProperty("guaranteedAmount").GetDecimal());
        Assert.Equal(765_000m, guarantee.GetProperty("claimFiled").GetDecimal());
        Assert.Equal(765_000m, guarantee.GetProperty("claimPaid").GetDecimal());
        Assert.Equal(300_000m, guarantee.GetProperty("recovered").GetDecimal());

        var (second, secondProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/recoveries", new { amount = 600_000.01m, receivedOn = Yesterday });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("recovery.amount", Code(secondProblem));

        var (closed, closedView) = await Li.PostJsonAsync($"{Examination}/{id}/closure", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("closed", Status(closedView));
        Assert.Contains("Closed: net loss CNY 465,000.00.", closedView.GetRawText(), StringComparison.Ordinal);

        var types = await EventTypesAsync(id);
        foreach (var type in new[] { "GuaranteeDefaulted", "GuaranteeClaimFiled", "GuaranteeClaimPaid", "GuaranteeRecoveryBooked" })
        {
            Assert.Single(types, t => t == "SmePlatform.Contracts.Guarantee." + type);
        }

        var defaultedEvent = await EventAsync(id, "GuaranteeDefaulted");
        Assert.Equal(60, defaultedEvent.GetProperty("daysPastDue").GetInt32());
        Assert.Equal(60, defaultedEvent.GetProperty("triggerDaysPastDue").GetInt32());
        Assert.Equal(900_000m, defaultedEvent.GetProperty("outstanding").GetDecimal());
        Assert.Equal(765_000m, (await EventAsync(id, "GuaranteeClaimPaid")).GetProperty("amount").GetDecimal());
        Assert.Equal(300_000m, (await EventAsync(id, "GuaranteeRecoveryBooked")).GetProperty("totalRecovered").GetDecimal());

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var transitions = (await db.QueryAsync<string>(
            "SELECT payload->>'to' FROM outbox_messages WHERE payload->>'applicationId' = @id AND message_type LIKE '%GuaranteeApplicationStatusChanged' ORDER BY position",
            new { id = id.ToString() })).ToList();
        Assert.Equal(["active", "defaulted", "claim_filed", "claim_paid", "recoveries_booked", "closed"], transitions[^6..]);
        Assert.Equal(
            ["guarantee.repayment_reported", "guarantee.default_reported", "guarantee.claim_filed", "guarantee.recovery_reported"],
            await db.QueryAsync<string>("SELECT action FROM audit_log WHERE entity_id = @id AND action LIKE 'guarantee.%' AND actor_role = 'bank' ORDER BY id",
                new { id = id.ToString() }));
        Assert.Equal(["guarantee.fee_received", "guarantee.claim_paid", "guarantee.closed"], await db.QueryAsync<string>(
            "SELECT action FROM audit_log WHERE entity_id = @id AND action LIKE 'guarantee.%' AND actor_role = 'examiner' ORDER BY id",
            new { id = id.ToString() }));
    }

    [Fact]
    public async Task A_loan_repaid_in_full_repays_the_guarantee_which_then_closes()
    {
        var id = await ActiveAsync();

        var (mismatch, mismatchProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/repayments",
            new { amount = 1_200_000m, paidOn = Yesterday, outstandingAfter = 5m });
        Assert.Equal(HttpStatusCode.Conflict, mismatch.StatusCode);
        Assert.Equal("repayment.outstanding_mismatch", Code(mismatchProblem));

        var (tooMuch, tooMuchProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/repayments",
            new { amount = 1_200_000.01m, paidOn = Yesterday, outstandingAfter = 0m });
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        Assert.Equal("repayment.amount", Code(tooMuchProblem));

        var (invalid, invalidProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/repayments", new { amount = 0m, paidOn = "2999-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["amount", "paidOn", "outstandingAfter"], Bodies.Errors(invalidProblem));

        var (repaid, view) = await BankPostAsync(Bank, $"{Guarantees}/{id}/repayments",
            new { amount = 1_200_000m, paidOn = Yesterday, outstandingAfter = 0m });
        Assert.Equal(HttpStatusCode.OK, repaid.StatusCode);
        Assert.Equal("repaid", Status(view));
        Assert.Equal(0m, view.GetProperty("guarantee").GetProperty("outstanding").GetDecimal());
        var repaidEvent = await EventAsync(id, "GuaranteeRepaid");
        Assert.Equal(1_200_000m, repaidEvent.GetProperty("lastRepayment").GetDecimal());
        Assert.Equal(Yesterday, repaidEvent.GetProperty("paidOn").GetString());

        // Repaid: no default, no claim.
        var (late, lateProblem) = await BankPostAsync(Bank, $"{Guarantees}/{id}/default", new { daysPastDue = 90, outstanding = 1m });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("transition.not_allowed", Code(lateProblem));
        Assert.Equal("repaid", lateProblem.GetProperty("from").GetString());

        var (closed, closedView) = await Li.PostJsonAsync($"{Examination}/{id}/closure", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("closed", Status(closedView));
    }

    [Fact]
    public async Task Another_banks_guarantee_is_not_found_and_nothing_changes()
    {
        var id = await ActiveAsync();
        var calls = new (string Path, object Body)[]
        {
            ($"{Guarantees}/{id}/repayments", new { amount = 1_000m, paidOn = Yesterday, outstandingAfter = 1_199_000m }),
            ($"{Guarantees}/{id}/default", new { daysPastDue = 90, outstanding = 1_000_000m }),
            ($"{Guarantees}/{id}/claims", new { amount = 1_000m }),
            ($"{Guarantees}/{id}/recoveries", new { amount = 1_000m, receivedOn = Yesterday }),
            ($"{Bodies.Applications}/{id}/withdrawal", new { reason = "Not ours." }),
            ($"{Guarantees}/{Guid.NewGuid()}/repayments", new { amount = 1_000m, paidOn = Yesterday, outstandingAfter = 1_199_000m }),
        };
        foreach (var (path, body) in calls)
        {
            var (response, _) = await BankPostAsync(OtherBank, path, body);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var application = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal("active", Status(application));
        Assert.Equal(1_200_000m, application.GetProperty("guarantee").GetProperty("outstanding").GetDecimal());
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM idempotency_keys WHERE bank_id = 'huaxia-shenyang'"));
    }

    [Fact]
    public async Task A_repayment_retried_with_its_key_is_recorded_once_and_the_key_cannot_be_reused_for_another_request()
    {
        var id = await ActiveAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { amount = 100_000m, paidOn = Yesterday, outstandingAfter = 1_100_000m };

        var (missing, missingProblem) = await PostAsync(Bank, $"{Guarantees}/{id}/repayments", body, key: null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["Idempotency-Key"], Bodies.Errors(missingProblem));

        var (first, firstBody) = await PostAsync(Bank, $"{Guarantees}/{id}/repayments", body, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        var (retry, retryBody) = await PostAsync(Bank, $"{Guarantees}/{id}/repayments", body, key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(firstBody.GetRawText(), retryBody.GetRawText());

        var (changed, changedProblem) = await PostAsync(Bank, $"{Guarantees}/{id}/repayments",
            new { amount = 100_000m, paidOn = Yesterday, outstandingAfter = 1_000_000m }, key);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.EndsWith("idempotency-key-reused", changedProblem.GetProperty("type").GetString(), StringComparison.Ordinal);

        var (elsewhere, elsewhereProblem) = await PostAsync(Bank, $"{Guarantees}/{id}/claims", new { amount = 1m }, key);
        Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
        Assert.EndsWith("idempotency-key-reused", elsewhereProblem.GetProperty("type").GetString(), StringComparison.Ordinal);

        var application = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal(1_100_000m, application.GetProperty("guarantee").GetProperty("outstanding").GetDecimal());
        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM application_history WHERE application_id = @id AND action = 'report_repayment'", new { id }));
        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'guarantee.repayment_reported'", new { id = id.ToString() }));
    }

    [Fact]
    public async Task A_bank_withdraws_before_issuance_but_not_after()
    {
        var (submitted, application) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = application.GetProperty("id").GetGuid();

        var (withdrawn, view) = await BankPostAsync(Bank, $"{Bodies.Applications}/{id}/withdrawal", new { reason = "The borrower chose another lender." });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", Status(view));
        Assert.Contains("The borrower chose another lender.", view.GetRawText(), StringComparison.Ordinal);

        var issued = await IssuedAsync();
        var (late, problem) = await BankPostAsync(Bank, $"{Bodies.Applications}/{issued}/withdrawal", new { });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("transition.not_allowed", Code(problem));
        Assert.Equal("issued", problem.GetProperty("from").GetString());
        Assert.Equal("withdrawn", problem.GetProperty("to").GetString());

        var document = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/bank/v1/openapi.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/bank/v1/guarantees/{id}/repayments", "/api/bank/v1/guarantees/{id}/default", "/api/bank/v1/guarantees/{id}/claims",
                     "/api/bank/v1/guarantees/{id}/recoveries", "/api/bank/v1/applications/{id}/withdrawal" })
        {
            Assert.Contains(paths.GetProperty(path).GetProperty("post").GetProperty("parameters").EnumerateArray(),
                p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("required").GetBoolean());
        }
    }
}
