using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Diagnosis.Domain.Diagnoses;

namespace SmePlatform.Diagnosis.Tests.Api;

/// <summary>Re-diagnosis comparison: what changed since an earlier diagnosis, indicator by indicator, with each indicator's trend over diagnoses.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ComparisonTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private static JsonElement Change(JsonElement comparison, string code) =>
        comparison.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);

    [Fact]
    public async Task A_year_later_the_comparison_shows_each_indicator_s_change_and_trend_the_assessment_items_and_the_history()
    {
        var enterprise = Guid.CreateVersion7();
        var first = await DiagnoseAsync(enterprise);
        var firstId = first.GetProperty("id").GetGuid();
        var (refused, problem) = await GetAsync(Advisor, $"/diagnoses/{firstId}/comparison");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("This is the enterprise's first diagnosis: there is nothing to compare it with.", problem.GetProperty("title").GetString());

        Factory.Clock.Advance(TimeSpan.FromDays(365));
        var put = await Advisor.PutAsJsonAsync($"{Api}/enterprises/{enterprise}/statements/2026",
            new { ward = "tiexi", statement = Statement(2026, 13_200_000m, 1_320_000m) });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var (_, second) = await PostAsync(Advisor, "/diagnoses",
            new { enterpriseId = enterprise, ward = "tiexi", industryCode = "C3411", kind = "full", assessment = Assessment(4, 4, 3, 4, 3, 4) });
        var secondId = second.GetProperty("id").GetGuid();

        var (response, comparison) = await GetAsync(Advisor, $"/diagnoses/{secondId}/comparison");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, comparison.GetProperty("previous").GetProperty("number").GetInt32());
        Assert.Equal(2026, comparison.GetProperty("current").GetProperty("fiscalYear").GetInt32());
        var margin = Change(comparison, "operating_margin");
        Assert.Equal(1, margin.GetProperty("scoreChange").GetInt32());
        Assert.Equal("improved", margin.GetProperty("trend").GetString());
        Assert.Equal("improved", Change(comparison, "sales_growth").GetProperty("trend").GetString());
        Assert.Equal("improved", Change(comparison, "working_capital_months").GetProperty("trend").GetString());
        Assert.Equal([0, 1, 0, 0, 1, 1], comparison.GetProperty("assessmentItems").EnumerateArray().Select(i => i.GetProperty("change").GetInt32()));
        var growthHistory = comparison.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("code").GetString() == "sales_growth");
        Assert.Equal([0.1m, 0.2m], growthHistory.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDecimal()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'diagnosis.compared'"));

        var (explicitly, _) = await GetAsync(Advisor, $"/diagnoses/{secondId}/comparison?with={firstId}");
        Assert.Equal(HttpStatusCode.OK, explicitly.StatusCode);
        var other = (await DiagnoseAsync(Guid.CreateVersion7())).GetProperty("id").GetGuid();
        var (wrong, invalid) = await GetAsync(Advisor, $"/diagnoses/{secondId}/comparison?with={other}");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("with", out _));

        using var office = Factory.As("sme_office");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(office, $"/diagnoses/{secondId}/comparison")).Response.StatusCode);
        foreach (var (role, ward) in new[] { ("counter_staff", "tiexi"), ("bank", (string?)null), ("examiner", null) })
        {
            using var refusedCaller = Factory.As(role, ward: ward);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(refusedCaller, $"/diagnoses/{secondId}/comparison")).Response.StatusCode);
        }
    }

    [Theory]
    [InlineData("equity_ratio", 0.30, 0.40, 4, 5, Trend.Improved)]
    [InlineData("ebitda_debt_multiple", 2.0, 2.5, 4, 4, Trend.Worsened)]
    [InlineData("liability_ratio", 0.6, 0.5, null, null, Trend.Improved)]
    [InlineData("gross_margin", 0.26, 0.26, null, null, Trend.Unchanged)]
    [InlineData("sales_growth", null, 0.1, null, 5, Trend.NotComparable)]
    public void The_trend_follows_the_score_then_the_value_in_the_indicator_s_direction(string code, double? before, double? after, int? scoreBefore,
        int? scoreAfter, Trend expected)
    {
        var change = Comparison.Indicators([new IndicatorSnapshot(code, (decimal?)before, scoreBefore)], [new IndicatorSnapshot(code, (decimal?)after, scoreAfter)]);
        Assert.Equal(expected, Assert.Single(change).Trend);
    }
}
