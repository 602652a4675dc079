using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// A partner bank that knows only the OpenAPI document the gateway serves: tests/BankClient/bank-client.js calls every bank
/// operation by its operationId through openapi-client-axios and validates every response body with ajv against the
/// document's schema for that status. This test starts nothing of its own: it registers the enterprise (the bank's
/// customer must be in the register), hands the node script the gateway URL and tokens, and asserts on what the script
/// saw. The fund's side (assign, ask, decide, fee, claim payment) is not in the bank document: the script makes those few
/// examiner calls explicitly, apart from the bank's.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BankOpenApiClientTests(PlatformFixture platform)
{
    private sealed record Run(JsonElement Output)
    {
        public JsonElement Step(string name) =>
            Output.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == name);

        public int Status(string name) => Step(name).GetProperty("status").GetInt32();

        public JsonElement Body(string name) => Step(name).GetProperty("body");

        public string? Replayed(string name) => Step(name).GetProperty("replayed").ValueKind == JsonValueKind.String
            ? Step(name).GetProperty("replayed").GetString()
            : null;

        public string AppStatus(string name) => Body(name).GetProperty("status").GetString()!;

        public string[] Violations => [.. Output.GetProperty("violations").EnumerateArray().Select(v => v.GetString()!)];
    }

    [Fact]
    public async Task A_bank_from_the_document_alone_submits_twice_is_asked_answers_is_approved_with_reasons_disburses_and_repays()
    {
        var run = await RunAsync("lifecycle", "ccb-shenyang");

        Assert.Equal(201, run.Status("submit"));
        var id = run.Body("submit").GetProperty("id").GetString();
        Assert.Equal("under_examination", run.AppStatus("submit"));
        Assert.NotEmpty(run.Body("submit").GetProperty("screening").GetProperty("checks").EnumerateArray());

        // The retry with the same key and body: the first answer, marked as replayed; no second application.
        Assert.Equal(201, run.Status("submit-again"));
        Assert.Equal("true", run.Replayed("submit-again"));
        Assert.Equal(id, run.Body("submit-again").GetProperty("id").GetString());
        Assert.Equal(run.Body("submit").GetRawText(), run.Body("submit-again").GetRawText());

        // Another body under that key: 409, a problem the bank can read.
        Assert.Equal(409, run.Status("submit-other-body-same-key"));
        Assert.Contains("idempotency-key-reused", run.Body("submit-other-body-same-key").GetProperty("type").GetString(), StringComparison.Ordinal);

        Assert.Equal("more_information_requested", run.AppStatus("read-question"));
        Assert.Equal("Send the audited 2025 statements.",
            run.Body("read-question").GetProperty("informationRequest").GetProperty("question").GetString());
        Assert.Equal(200, run.Status("answer"));
        Assert.Equal("under_examination", run.AppStatus("answer"));

        Assert.Equal("approved", run.AppStatus("read-approved"));
        var decision = run.Body("read-approved").GetProperty("decision");
        Assert.Equal(1_020_000.00m, decision.GetProperty("guaranteedAmount").GetDecimal());
        Assert.Equal(7_344.00m, decision.GetProperty("fee").GetDecimal());
        var reasons = decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("Coverage 85%", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("Fee CNY 7,344.00", StringComparison.Ordinal));
        Assert.Contains(run.Body("list-approved").GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);

        Assert.Equal(200, run.Status("disburse"));
        Assert.Equal("issued", run.AppStatus("disburse"));
        Assert.Equal(200, run.Status("fee-received"));
        Assert.Equal("active", run.AppStatus("repay-part"));
        Assert.Equal(1_000_000m, run.Body("repay-part").GetProperty("guarantee").GetProperty("outstanding").GetDecimal());
        Assert.Equal("repaid", run.AppStatus("repay-rest"));
        Assert.Equal("repaid", run.AppStatus("read-repaid"));

        AssertConformsToTheDocument(run);
    }

    [Fact]
    public async Task A_bank_from_the_document_alone_reports_a_default_claims_and_books_a_recovery()
    {
        var run = await RunAsync("default", "sy-commercial-bank");

        Assert.Equal(200, run.Status("disburse"));
        Assert.Equal(200, run.Status("fee-received"));

        // 59 days past due is below the preset trigger of 60: a 409 problem with its code, nothing changed.
        Assert.Equal(409, run.Status("default-below-trigger"));
        Assert.Equal("default.below_trigger", run.Body("default-below-trigger").GetProperty("code").GetString());
        // RFC 9457: "status" is the HTTP status code; the application's own status is in "from".
        Assert.Equal(409, run.Body("default-below-trigger").GetProperty("status").GetInt32());
        Assert.Equal("active", run.Body("default-below-trigger").GetProperty("from").GetString());
        Assert.Equal(200, run.Status("default"));
        Assert.Equal("defaulted", run.AppStatus("default"));

        // The claim is at most the fund's 85% of the CNY 900,000 outstanding at default.
        Assert.Equal(409, run.Status("claim-too-much"));
        Assert.Equal("claim.amount", run.Body("claim-too-much").GetProperty("code").GetString());
        Assert.Equal("claim_filed", run.AppStatus("claim"));
        Assert.Equal(200, run.Status("pay-claim"));
        Assert.Equal("claim_paid", run.AppStatus("read-claim-paid"));

        Assert.Equal(200, run.Status("recovery"));
        Assert.Equal("recoveries_booked", run.AppStatus("recovery"));
        var guarantee = run.Body("recovery").GetProperty("guarantee");
        Assert.Equal(765_000m, guarantee.GetProperty("claimPaid").GetDecimal());
        Assert.Equal(300_000m, guarantee.GetProperty("recovered").GetDecimal());

        AssertConformsToTheDocument(run);
    }

    [Fact]
    public async Task A_bank_from_the_document_alone_never_sees_another_banks_application()
    {
        var run = await RunAsync("isolation", "huaxia-shenyang", otherBank: "ccb-shenyang");

        Assert.Equal(201, run.Status("a-submit"));
        var id = run.Body("a-submit").GetProperty("id").GetString();
        Assert.Equal(200, run.Status("a-read"));

        // Bank B: exactly what an id that does not exist answers, for reads and writes alike.
        Assert.Equal(404, run.Status("b-read"));
        Assert.Equal(404, run.Status("b-read-unknown"));
        Assert.Equal(run.Body("b-read-unknown").GetProperty("type").GetString(), run.Body("b-read").GetProperty("type").GetString());
        Assert.Equal(404, run.Status("b-answer"));
        Assert.Equal(404, run.Status("b-repay"));
        Assert.DoesNotContain(run.Step("b-listed-ids").GetProperty("ids").EnumerateArray(), i => i.GetString() == id);
        Assert.Contains(run.Body("a-list").GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);

        // The server the document names (resolved against where it was fetched) is the gateway, not a service behind it:
        // the bank called every operation above there.
        Assert.Equal(platform.GatewayUrl.ToString().TrimEnd('/'), run.Output.GetProperty("document").GetProperty("server").GetString());

        AssertConformsToTheDocument(run);
    }

    /// <summary>Every answer matched the schema the document declares for its operation and status.</summary>
    private static void AssertConformsToTheDocument(Run run) =>
        Assert.True(run.Violations.Length == 0, "Answers that do not match the bank OpenAPI document:" + Environment.NewLine
            + string.Join(Environment.NewLine, run.Violations.Take(40)));

    private async Task<Run> RunAsync(string scenario, string bank, string? otherBank = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["GATEWAY_URL"] = platform.GatewayUrl.ToString(),
            ["BANK_TOKEN"] = await platform.TokenFor(bank),
            ["EXAMINER_TOKEN"] = await platform.TokenFor("examiner.li"),
            // Every scenario has its own enterprise: screening refuses a second application for one borrower within 90 days.
            ["USCC"] = await RegisterEnterpriseAsync(),
        };
        if (Environment.GetEnvironmentVariable("BANK_CLIENT_DUMP_DIR") is { Length: > 0 } dump)
        {
            environment["BANK_CLIENT_DUMP_DIR"] = dump;
        }

        if (otherBank is not null)
        {
            environment["OTHER_BANK_TOKEN"] = await platform.TokenFor(otherBank);
        }

        var (exitCode, stdout, stderr) = await NodeScripts.BankClient.RunAsync("bank-client.js", [scenario], environment, TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"bank-client.js {scenario} exited {exitCode}:{Environment.NewLine}{stderr}{Environment.NewLine}{stdout}");
        return new Run(JsonDocument.Parse(stdout).RootElement.Clone());
    }

    private Task<string> RegisterEnterpriseAsync() => platform.RegisterTiexiManufacturerAsync("沈阳铁西数控装备有限公司");
}
