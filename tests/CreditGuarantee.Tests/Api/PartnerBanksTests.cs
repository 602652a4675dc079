using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>Counter staff see which banks are partners today, so a loan is referred to one; never the caps behind them.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class PartnerBanksTests(Testing.InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string PartnerBanks = "/api/guarantee/partner-banks";
    private const string Agreements = "/api/guarantee/partner-agreements";

    [Fact]
    public async Task Counter_staff_see_the_banks_in_force_today_without_caps()
    {
        var office = Factory.ClientFor("sme_office", subject: "office.zhao");
        using (var current = await office.PostAsJsonAsync(Agreements, new { bankId = "partner-today", startsOn = "2020-01-01", cap = 987_654_321m }))
        {
            Assert.Equal(HttpStatusCode.Created, current.StatusCode);
        }

        using (var ended = await office.PostAsJsonAsync(Agreements,
                   new { bankId = "partner-ended", startsOn = "2020-01-01", endsOn = "2020-12-31", cap = 5_000_000m }))
        {
            Assert.Equal(HttpStatusCode.Created, ended.StatusCode);
        }

        var counter = Factory.ClientFor("counter_staff", subject: "counter.li", ward: "heping");
        using var response = await counter.GetAsync(PartnerBanks);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var banks = JsonDocument.Parse(text).RootElement.EnumerateArray().Select(b => b.GetProperty("bankId").GetString()).ToList();
        Assert.Contains("partner-today", banks);
        Assert.DoesNotContain("partner-ended", banks);
        Assert.Equal(banks.Order(StringComparer.Ordinal), banks);
        Assert.DoesNotContain("cap", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("987654321", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Banks_and_anonymous_callers_are_refused()
    {
        using var bank = await Factory.ClientFor("bank", bankId: "ccb-shenyang").GetAsync(PartnerBanks);
        using var anonymous = await Factory.Anonymous().GetAsync(PartnerBanks);

        Assert.Equal(HttpStatusCode.Forbidden, bank.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
