using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>The fund's portfolio: exposure, leverage, breakdowns, defaults, claims, recoveries and the net loss rate.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class PortfolioTests(Testing.InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string Portfolio = "/api/guarantee/portfolio";
    private const string Examination = "/api/guarantee/applications";
    private const string Guarantees = "/api/bank/v1/guarantees";

    private static string Day(int offset) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime)
            .AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Guid> ApprovedAsync(HttpClient bank, string ward, string industry)
    {
        var (submitted, application) = await bank.SubmitAsync(Bodies.Application(Register.Add(ward: ward, industryCode: industry)));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = application.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" })).Response.StatusCode);
        return id;
    }

    private static async Task Ok(Task<(HttpResponseMessage Response, JsonElement Body)> call) =>
        Assert.Equal(HttpStatusCode.OK, (await call).Response.StatusCode);

    private static decimal Amount(JsonElement slices, string key) =>
        slices.EnumerateArray().Single(s => s.GetProperty("key").GetString() == key).GetProperty("exposure").GetDecimal();

    [Fact]
    public async Task The_portfolio_adds_up_exposure_leverage_breakdowns_and_the_loss_on_a_defaulted_guarantee()
    {
        var lost = await ApprovedAsync(Bank, "tiexi", "C3511");
        await ApprovedAsync(OtherBank, "heping", "F5132");
        await ApprovedAsync(Bank, "heping", "C3512");

        // The first one is issued, defaults, is claimed and paid, and recovers part: it leaves the exposure.
        await Ok(Bank.BankPostAsync($"{Bodies.Applications}/{lost}/disbursement", new { amount = 1_200_000m, disbursedOn = Day(-90) }));
        await Ok(Li.PostJsonAsync($"{Examination}/{lost}/fee-received", new { }));
        await Ok(Bank.BankPostAsync($"{Guarantees}/{lost}/default", new { daysPastDue = 60, outstanding = 900_000m }));
        await Ok(Bank.BankPostAsync($"{Guarantees}/{lost}/claims", new { amount = 765_000m }));
        await Ok(Wang.PostJsonAsync($"{Examination}/{lost}/claim-payment", new { }));
        await Ok(Bank.BankPostAsync($"{Guarantees}/{lost}/recoveries", new { amount = 300_000m, receivedOn = Day(-1) }));

        using var office = Factory.ClientFor("sme_office", subject: "office.zhao");
        var portfolio = await office.GetFromJsonAsync<JsonElement>(Portfolio);

        Assert.Equal(2_040_000m, portfolio.GetProperty("exposure").GetDecimal());
        Assert.Equal(2, portfolio.GetProperty("guarantees").GetInt32());
        Assert.Equal(1_000_000_000m, portfolio.GetProperty("guaranteeCapacity").GetDecimal());
        Assert.Equal(0.0020m, portfolio.GetProperty("leverageUsed").GetDecimal());
        Assert.Equal(1_020_000m, Amount(portfolio.GetProperty("byBank"), "ccb-shenyang"));
        Assert.Equal(1_020_000m, Amount(portfolio.GetProperty("byBank"), "huaxia-shenyang"));
        Assert.Equal(2_040_000m, Amount(portfolio.GetProperty("byWard"), "heping"));
        Assert.DoesNotContain(portfolio.GetProperty("byWard").EnumerateArray(), s => s.GetProperty("key").GetString() == "tiexi");
        Assert.Equal(1_020_000m, Amount(portfolio.GetProperty("byIndustrySection"), "F"));
        Assert.Equal(0.5m, portfolio.GetProperty("byIndustrySection")[0].GetProperty("shareOfExposure").GetDecimal());
        Assert.Equal(2_040_000m, Amount(portfolio.GetProperty("byRiskGrade"), "grade 2"));
        Assert.Equal(1, portfolio.GetProperty("guaranteesIssued").GetInt32());
        Assert.Equal(1_020_000m, portfolio.GetProperty("guaranteesIssuedAmount").GetDecimal());
        Assert.Equal(1, portfolio.GetProperty("defaults").GetInt32());
        Assert.Equal(1_020_000m, portfolio.GetProperty("defaultedGuaranteedAmount").GetDecimal());
        Assert.Equal(765_000m, portfolio.GetProperty("claimsPaid").GetDecimal());
        Assert.Equal(300_000m, portfolio.GetProperty("recoveries").GetDecimal());
        // (765,000 − 300,000) ÷ 1,020,000 = 0.455882… (six decimals).
        Assert.Equal(0.455882m, portfolio.GetProperty("netLossRate").GetDecimal());

        // As of today, rebuilt from the audit trail, it is the same; as of yesterday nothing had happened yet.
        var today = await office.GetFromJsonAsync<JsonElement>($"{Portfolio}?asOf={Day(0)}");
        foreach (var field in new[] { "exposure", "claimsPaid", "recoveries", "guaranteesIssuedAmount", "defaultedGuaranteedAmount", "netLossRate" })
        {
            Assert.Equal(portfolio.GetProperty(field).GetDecimal(), today.GetProperty(field).GetDecimal());
        }

        Assert.Equal(portfolio.GetProperty("byBank").GetRawText(), today.GetProperty("byBank").GetRawText());
        var yesterday = await office.GetFromJsonAsync<JsonElement>($"{Portfolio}?asOf={Day(-1)}");
        Assert.Equal(0m, yesterday.GetProperty("exposure").GetDecimal());
        Assert.Equal(0, yesterday.GetProperty("defaults").GetInt32());
        // Nothing issued yet: no loss rate (null, left out of the JSON).
        Assert.False(yesterday.TryGetProperty("netLossRate", out var rate) && rate.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task The_portfolio_is_for_fund_staff_and_the_sme_office_only_and_refuses_bad_dates()
    {
        using var office = Factory.ClientFor("sme_office");
        using var admin = Factory.ClientFor("admin");
        using var counter = Factory.ClientFor("counter_staff");
        using var anonymous = Factory.CreateClient();
        foreach (var client in new[] { Li, office, admin })
        {
            using var allowed = await client.GetAsync(Portfolio);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        foreach (var (client, expected) in new[] { (Bank, HttpStatusCode.Forbidden), (counter, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var refused = await client.GetAsync(Portfolio);
            Assert.Equal(expected, refused.StatusCode);
        }

        foreach (var bad in new[] { "yesterday", Day(1), "2026-02-30" })
        {
            using var response = await office.GetAsync($"{Portfolio}?asOf={bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["asOf"], Bodies.Errors(await response.Content.ReadFromJsonAsync<JsonElement>()));
        }
    }
}
