using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>Examination and decisions against the real service and PostgreSQL: reasons, four-eyes, illegal transitions.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ExaminationTests(Testing.InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string Examination = "/api/guarantee/applications";

    private async Task<Guid> SubmitAsync(decimal loanAmount = 1_200_000m)
    {
        var (response, body) = await Bank.SubmitAsync(Bodies.Application(Register.Add(), loanAmount: loanAmount));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("under_examination", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetGuid();
    }

    private static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;

    [Fact]
    public async Task An_assigned_examiner_approves_with_the_domains_coverage_fee_and_reasons_and_the_bank_sees_them()
    {
        var id = await SubmitAsync();
        var queue = await Li.GetFromJsonAsync<JsonElement>($"{Examination}?queue=unassigned&status=under_examination");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);

        var (assigned, _) = await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var mine = await Li.GetFromJsonAsync<JsonElement>($"{Examination}?queue=mine");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);

        var (decided, view) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("approved", view.GetProperty("application").GetProperty("status").GetString());
        Assert.Equal("examiner.li", view.GetProperty("decidedBy").GetString());

        // Worked example 2 of docs/guarantee-rules.md, as the bank reads it.
        var application = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        var decision = application.GetProperty("decision");
        Assert.Equal("approved", decision.GetProperty("outcome").GetString());
        Assert.Equal(0.85m, decision.GetProperty("coverage").GetDecimal());
        Assert.Equal(1_020_000.00m, decision.GetProperty("guaranteedAmount").GetDecimal());
        Assert.Equal(7_344.00m, decision.GetProperty("fee").GetDecimal());
        Assert.Equal(2, decision.GetProperty("riskGrade").GetInt32());
        Assert.Equal(1, decision.GetProperty("configuration").GetProperty("version").GetInt32());
        var reasons = decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("Coverage 85%", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("Fee CNY 7,344.00", StringComparison.Ordinal));
        // Staff identities and assignments stay inside the fund.
        Assert.DoesNotContain("examiner.li", application.GetRawText(), StringComparison.Ordinal);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var decidedEvent = await db.QuerySingleAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.Guarantee.GuaranteeDecided'");
        var payload = JsonDocument.Parse(decidedEvent).RootElement;
        Assert.Equal(id, payload.GetProperty("applicationId").GetGuid());
        Assert.Equal(1_020_000.00m, payload.GetProperty("guaranteedAmount").GetDecimal());
        Assert.Equal(1, payload.GetProperty("configurationVersion").GetInt32());
        Assert.Equal(["application.examiner_assigned", "application.decided"], await db.QueryAsync<string>(
            "SELECT action FROM audit_log WHERE entity_id = @id AND actor_id = 'examiner.li' ORDER BY id", new { id = id.ToString() }));

        // Decided is final: deciding again is an illegal transition.
        var (again, problem) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "decline", reason = "Changed my mind." });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("transition.not_allowed", Code(problem));
    }

    [Fact]
    public async Task Above_the_threshold_a_second_different_examiner_countersigns()
    {
        var id = await SubmitAsync(loanAmount: 2_000_000m);
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });

        var (alone, missing) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, alone.StatusCode);
        Assert.Equal("four_eyes.second_examiner_missing", Code(missing));

        var (self, same) = await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { @as = "second_examiner" });
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Equal("four_eyes.same_person", Code(same));

        var (second, _) = await Wang.PostJsonAsync($"{Examination}/{id}/assignment", new { @as = "second_examiner" });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var (notAssigned, notExaminer) = await Wang.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, notAssigned.StatusCode);
        Assert.Equal("examiner.not_assigned", Code(notExaminer));

        var (proposed, proposal) = await Li.PostJsonAsync($"{Examination}/{id}/decision",
            new { outcome = "approve_with_conditions", conditions = new[] { new { text = "The owner's personal guarantee is signed.", reason = "Borrowings exceed a year of operating cash flow." } } });
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        Assert.Equal("under_examination", proposal.GetProperty("application").GetProperty("status").GetString());
        Assert.Equal("examiner.li", proposal.GetProperty("proposedDecision").GetProperty("proposedBy").GetString());

        var (ownSignature, own) = await Li.PostJsonAsync($"{Examination}/{id}/countersignature", new { });
        Assert.Equal(HttpStatusCode.Conflict, ownSignature.StatusCode);
        Assert.Equal("four_eyes.countersignature", Code(own));

        var (countersigned, approved) = await Wang.PostJsonAsync($"{Examination}/{id}/countersignature", new { });
        Assert.Equal(HttpStatusCode.OK, countersigned.StatusCode);
        Assert.Equal("approved_with_conditions", approved.GetProperty("application").GetProperty("status").GetString());
        Assert.Equal("examiner.li", approved.GetProperty("decidedBy").GetString());
        Assert.Equal("examiner.wang", approved.GetProperty("countersignedBy").GetString());

        var application = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal(0.75m, application.GetProperty("decision").GetProperty("coverage").GetDecimal());
        var condition = Assert.Single(application.GetProperty("conditions").EnumerateArray());
        Assert.Equal("Borrowings exceed a year of operating cash flow.", condition.GetProperty("reason").GetString());
        Assert.False(condition.GetProperty("met").GetBoolean());
    }

    [Fact]
    public async Task A_request_for_information_goes_to_the_bank_and_its_answer_returns_the_application_to_examination()
    {
        var id = await SubmitAsync();
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });

        var (asked, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision",
            new { outcome = "request_information", question = "Send the 2025 audited statements." });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var waiting = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal("more_information_requested", waiting.GetProperty("status").GetString());
        Assert.Equal("Send the 2025 audited statements.", waiting.GetProperty("informationRequest").GetProperty("question").GetString());

        var (empty, emptyProblem) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/information", new { answer = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(["answer"], Bodies.Errors(emptyProblem));

        var (answered, back) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/information", new { answer = "Uploaded to the portal, ref 2025-AUD-17." });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("under_examination", back.GetProperty("status").GetString());
        Assert.False(back.TryGetProperty("informationRequest", out var question) && question.ValueKind != JsonValueKind.Null, "no open question");

        // Nothing is asked any more: a second answer is an illegal transition.
        var (twice, problem) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/information", new { answer = "Again." });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("transition.not_allowed", Code(problem));
    }

    [Fact]
    public async Task A_guarantee_is_issued_only_once_the_disbursement_is_reported_and_every_condition_is_met()
    {
        var id = await SubmitAsync();
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        var (approved, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision",
            new { outcome = "approve_with_conditions", conditions = new[] { new { text = "The equipment is insured.", reason = "It is the loan's purpose." } } });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var (invalid, invalidProblem) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 0m });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["amount", "disbursedOn"], Bodies.Errors(invalidProblem));

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var (disbursed, waiting) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1_200_000m, disbursedOn = today });
        Assert.Equal(HttpStatusCode.OK, disbursed.StatusCode);
        // The gate holds: disbursed, but the condition is not met yet.
        Assert.Equal("approved_with_conditions", waiting.GetProperty("status").GetString());
        Assert.Equal(1_200_000m, waiting.GetProperty("disbursement").GetProperty("amount").GetDecimal());

        var (again, twice) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1_200_000m, disbursedOn = today });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("disbursement.already_reported", Code(twice));

        var (met, issued) = await Li.PostJsonAsync($"{Examination}/{id}/conditions/1/met", new { evidence = "Policy PICC-2026-0042 seen." });
        Assert.Equal(HttpStatusCode.OK, met.StatusCode);
        Assert.Equal("issued", issued.GetProperty("application").GetProperty("status").GetString());

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var payload = JsonDocument.Parse(await db.QuerySingleAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.Guarantee.GuaranteeIssued'")).RootElement;
        Assert.Equal(1_020_000.00m, payload.GetProperty("guaranteedAmount").GetDecimal());
        Assert.Equal(1_200_000m, payload.GetProperty("disbursedAmount").GetDecimal());
    }

    [Fact]
    public async Task An_answer_needs_an_idempotency_key_and_its_retry_is_recorded_once()
    {
        var id = await SubmitAsync();
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        var (asked, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision",
            new { outcome = "request_information", question = "Send the 2025 audited statements." });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var path = $"{Bodies.Applications}/{id}/information";
        var body = new { answer = "Uploaded to the portal, ref 2025-AUD-17." };
        const string answered = "SELECT count(*) FROM application_history WHERE application_id = @id AND action = 'answer_information'";

        var (missing, missingProblem) = await Bank.PostWithKeyAsync(path, body, idempotencyKey: null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["Idempotency-Key"], Bodies.Errors(missingProblem));
        var unchanged = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal("more_information_requested", unchanged.GetProperty("status").GetString());
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString, answered, new { id }));
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM idempotency_keys WHERE bank_id = 'ccb-shenyang' AND operation = 'answer-information-request'"));

        var key = Guid.NewGuid().ToString();
        var (first, firstBody) = await Bank.PostWithKeyAsync(path, body, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("under_examination", firstBody.GetProperty("status").GetString());

        var (retry, retryBody) = await Bank.PostWithKeyAsync(path, body, key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(firstBody.GetRawText(), retryBody.GetRawText());

        var (changed, changedProblem) = await Bank.PostWithKeyAsync(path, new { answer = "Another answer." }, key);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.EndsWith("idempotency-key-reused", changedProblem.GetProperty("type").GetString(), StringComparison.Ordinal);

        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString, answered, new { id }));
        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'application.information_answered'", new { id = id.ToString() }));
    }

    [Fact]
    public async Task A_disbursement_needs_an_idempotency_key_and_its_retry_is_recorded_once()
    {
        var id = await SubmitAsync();
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        var (approved, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var path = $"{Bodies.Applications}/{id}/disbursement";
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var body = new { amount = 1_200_000m, disbursedOn = yesterday };
        const string disbursed = "SELECT count(*) FROM application_history WHERE application_id = @id AND action = 'report_disbursement'";

        var (missing, missingProblem) = await Bank.PostWithKeyAsync(path, body, idempotencyKey: null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["Idempotency-Key"], Bodies.Errors(missingProblem));
        var unchanged = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal("approved", unchanged.GetProperty("status").GetString());
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString, disbursed, new { id }));
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM idempotency_keys WHERE bank_id = 'ccb-shenyang' AND operation = 'report-disbursement'"));

        var key = Guid.NewGuid().ToString();
        var (first, firstBody) = await Bank.PostWithKeyAsync(path, body, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("issued", firstBody.GetProperty("status").GetString());

        // A retry is the first answer, not disbursement.already_reported.
        var (retry, retryBody) = await Bank.PostWithKeyAsync(path, body, key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(firstBody.GetRawText(), retryBody.GetRawText());

        var (changed, changedProblem) = await Bank.PostWithKeyAsync(path, new { amount = 1_000_000m, disbursedOn = yesterday }, key);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.EndsWith("idempotency-key-reused", changedProblem.GetProperty("type").GetString(), StringComparison.Ordinal);

        var application = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal(1_200_000m, application.GetProperty("disbursement").GetProperty("amount").GetDecimal());
        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString, disbursed, new { id }));
        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.Guarantee.GuaranteeIssued'"));
    }

    [Fact]
    public async Task Illegal_transitions_are_409_and_change_nothing()
    {
        var id = await SubmitAsync();

        var (unassigned, notAssigned) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, unassigned.StatusCode);
        Assert.Equal("examiner.not_assigned", Code(notAssigned));

        var (early, notDecided) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1_200_000m, disbursedOn = "2026-01-05" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("transition.not_allowed", Code(notDecided));

        var (noProposal, none) = await Wang.PostJsonAsync($"{Examination}/{id}/countersignature", new { });
        Assert.Equal(HttpStatusCode.Conflict, noProposal.StatusCode);
        Assert.Equal("four_eyes.no_proposal", Code(none));

        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        var (declined, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "decline", reason = "Collateral does not exist." });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var (afterDecline, problem) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, afterDecline.StatusCode);
        Assert.Equal("transition.not_allowed", Code(problem));

        var view = await Li.GetFromJsonAsync<JsonElement>($"{Examination}/{id}");
        Assert.Equal("declined", view.GetProperty("application").GetProperty("status").GetString());
        Assert.Equal(["Collateral does not exist."], view.GetProperty("application").GetProperty("decision").GetProperty("reasons")
            .EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task The_sme_office_reads_but_does_not_decide_and_invalid_decisions_are_field_errors()
    {
        var id = await SubmitAsync();
        using var office = Factory.ClientFor("sme_office");
        using (var read = await office.GetAsync($"{Examination}/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var (forbidden, _) = await office.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using (var bankReadsQueue = await Bank.GetAsync(Examination))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bankReadsQueue.StatusCode);
        }

        var (invalid, problem) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve_with_conditions" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["conditions"], Bodies.Errors(problem));
        var (noReason, reasonProblem) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "decline" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(["reason"], Bodies.Errors(reasonProblem));
    }
}
