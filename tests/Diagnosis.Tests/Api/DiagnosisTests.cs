using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace SmePlatform.Diagnosis.Tests.Api;

/// <summary>An advisor's diagnoses through the REST API, on the worked example of docs/diagnosis-rules.md.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DiagnosisTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private static JsonElement Indicator(JsonElement diagnosis, string code) =>
        diagnosis.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);

    [Fact]
    public async Task A_full_diagnosis_answers_every_indicator_with_formula_inputs_score_and_band_and_the_assessment_rank_and_programmes()
    {
        var enterprise = Guid.CreateVersion7();
        var body = await DiagnoseAsync(enterprise);

        Assert.Equal(1, body.GetProperty("number").GetInt32());
        Assert.Equal("full", body.GetProperty("kind").GetString());
        Assert.Equal(11, body.GetProperty("indicators").GetArrayLength());
        var wc = Indicator(body, "working_capital_months");
        Assert.Equal(1.9636m, wc.GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Null, wc.GetProperty("reason").ValueKind);
        Assert.Equal(2, wc.GetProperty("score").GetInt32());
        Assert.Equal("(receivables + inventory − payables) / (sales / 12)", wc.GetProperty("formula").GetString());
        Assert.Equal(4, wc.GetProperty("inputs").GetArrayLength());
        Assert.Equal("METI Local Benchmark", wc.GetProperty("band").GetProperty("source").GetString());
        Assert.Equal("lower_is_better", wc.GetProperty("band").GetProperty("direction").GetString());
        Assert.Equal(JsonValueKind.Null, Indicator(body, "gross_margin").GetProperty("score").ValueKind);

        Assert.Equal("B", body.GetProperty("rank").GetProperty("rank").GetString());
        Assert.Equal(22, body.GetProperty("rank").GetProperty("total").GetInt32());
        var assessment = body.GetProperty("assessment");
        Assert.Equal(3.2m, assessment.GetProperty("overall").GetDecimal());
        Assert.Equal("B", assessment.GetProperty("band").GetString());
        Assert.Equal(["A", "B", "B", "A", "C", "B"], assessment.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("band").GetString()));
        Assert.Equal("B", body.GetProperty("preSort").GetString());
        Assert.Equal(["technology-process-consulting", "receivables-inventory-training"],
            body.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("programme").GetString()));
        Assert.Equal([700_000m, 710_000m], body.GetProperty("operatingCashFlows").EnumerateArray().Select(f => f.GetProperty("value").GetDecimal()));
        Assert.False(body.TryGetProperty("deltas", out _), "a first diagnosis has nothing to compare with");

        // Stored: read back whole by id, and the completion event is in the outbox without figures.
        var (read, again) = await GetAsync(Advisor, $"/diagnoses/{body.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body.GetProperty("indicators").ToString(), again.GetProperty("indicators").ToString());
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.Diagnosis.DiagnosisCompleted' AND payload->>'rank' = 'B' AND payload->>'assessmentBand' = 'B' AND NOT payload ? 'indicators'"));
    }

    [Fact]
    public async Task An_indicator_that_cannot_be_computed_is_null_with_its_reason_and_the_diagnosis_completes()
    {
        var (response, body) = await PostAsync(Advisor, "/diagnoses", new
        {
            enterpriseId = Guid.CreateVersion7(), ward = "heping", kind = "quick",
            statements = new[] { Statement(2025, 5_000_000m, operatingProfit: -900_000m) },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var multiple = Indicator(body, "ebitda_debt_multiple");
        Assert.Equal(JsonValueKind.Null, multiple.GetProperty("value").ValueKind);
        Assert.Equal("negative_ebitda", multiple.GetProperty("reason").GetString());
        Assert.Equal(1, multiple.GetProperty("score").GetInt32());
        Assert.Equal("missing_previous_period", Indicator(body, "sales_growth").GetProperty("reason").GetString());
        Assert.Equal(0, body.GetProperty("recommendations").GetArrayLength());
    }

    [Fact]
    public async Task Impossible_figures_answer_400_with_every_field_error_and_store_nothing()
    {
        var enterprise = Guid.CreateVersion7();
        var (response, body) = await PostAsync(Advisor, "/diagnoses", new
        {
            enterpriseId = enterprise, ward = "tiexi", kind = "full",
            statements = new[]
            {
                Statement(2022, 1_000_000m, 10_000m, employees: -3),
                Statement(2024, 1_000_000m, 10_000m, totalAssets: -1m, netAssets: -1m),
                Statement(2027, 1_000_000m, 10_000m),
            },
            assessment = new { items = new Dictionary<string, int> { ["business_management"] = 6 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation", body.GetProperty("code").GetString());
        var fields = body.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        foreach (var field in new[] { "statements[0].employees", "statements[1].totalAssets", "statements[2].fiscalYear", "assessment.items.business_management",
                     "assessment.items.financial_affairs" })
        {
            Assert.Contains(field, fields);
        }

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM statements"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM diagnoses"));
    }

    [Fact]
    public async Task Missing_and_absurd_figures_are_field_errors_beside_the_rules_that_still_apply_never_a_5xx()
    {
        var missingSales = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Statement(2027, 1m, 1m, employees: -1)))!;
        missingSales.Remove("sales");
        var absurd = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Statement(2024, 1m, 1m)))!;
        absurd["totalLiabilities"] = 70_000_000_000_000_000_000_000_000_000m;
        var (response, body) = await PostAsync(Advisor, "/diagnoses", new
        {
            enterpriseId = Guid.CreateVersion7(), ward = "tiexi", kind = "quick", statements = new object[] { missingSales, absurd },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["statements[0].employees", "statements[0].fiscalYear", "statements[0].sales", "statements[1].totalLiabilities"],
            body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Where(n => n.StartsWith("statements[", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Periods_that_are_not_consecutive_are_refused()
    {
        var (response, body) = await PostAsync(Advisor, "/diagnoses", new
        {
            enterpriseId = Guid.CreateVersion7(), ward = "tiexi", kind = "quick",
            statements = new[] { Statement(2022, 1_000_000m, 10_000m), Statement(2023, 1_000_000m, 10_000m), Statement(2025, 1_000_000m, 10_000m) },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("consecutive", body.GetProperty("errors").GetProperty("statements")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM statements"));
    }

    [Fact]
    public async Task A_re_diagnosis_on_stored_statements_shows_the_change_of_every_indicator_against_the_previous_one()
    {
        var enterprise = Guid.CreateVersion7();
        var first = await DiagnoseAsync(enterprise);
        Factory.Clock.Advance(TimeSpan.FromDays(365));

        var put = await Advisor.PutAsJsonAsync($"{Api}/enterprises/{enterprise}/statements/2026",
            new { ward = "tiexi", statement = Statement(2026, 13_200_000m, 1_320_000m) });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var (response, second) = await PostAsync(Advisor, "/diagnoses", new { enterpriseId = enterprise, ward = "tiexi", industryCode = "C3411", kind = "quick" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        Assert.Equal(2, second.GetProperty("number").GetInt32());
        Assert.Equal([2024, 2025, 2026], second.GetProperty("periods").EnumerateArray().Select(p => p.GetInt32()));
        var deltas = second.GetProperty("deltas");
        Assert.Equal(first.GetProperty("id").GetGuid(), deltas.GetProperty("previousId").GetGuid());
        var growth = deltas.GetProperty("indicators").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "sales_growth");
        Assert.Equal(0.1m, growth.GetProperty("previous").GetDecimal());
        Assert.Equal(0.2m, growth.GetProperty("current").GetDecimal());
        Assert.Equal(0.1m, growth.GetProperty("change").GetDecimal());
        Assert.Equal(0, growth.GetProperty("scoreChange").GetInt32());

        var (_, list) = await GetAsync(Advisor, $"/enterprises/{enterprise}/diagnoses");
        Assert.Equal([2, 1], list.GetProperty("diagnoses").EnumerateArray().Select(d => d.GetProperty("number").GetInt32()));
    }

    [Fact]
    public async Task A_statement_with_a_rounding_gap_is_kept_with_a_warning_and_an_impossible_one_is_refused_whole()
    {
        var enterprise = Guid.CreateVersion7();
        var statement = JsonSerializer.SerializeToElement(WorkedExampleJson()[1]);
        var rounded = JsonSerializer.Deserialize<Dictionary<string, object>>(statement.GetRawText())!;
        rounded["totalLiabilities"] = 4_720_000.40m;
        var ok = await Advisor.PutAsJsonAsync($"{Api}/enterprises/{enterprise}/statements/2025", new { ward = "tiexi", statement = rounded });
        var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("balance_sheet_rounding", body.GetProperty("warnings")[0].GetProperty("code").GetString());

        rounded["employees"] = -1;
        rounded["totalLiabilities"] = 1m;
        var bad = await Advisor.PutAsJsonAsync($"{Api}/enterprises/{enterprise}/statements/2025", new { ward = "", statement = rounded });
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["statement.employees", "statement.totalLiabilities", "ward"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, await CountAsync("SELECT row_version FROM statements WHERE enterprise_id = @enterprise", new { enterprise }));
    }
}
