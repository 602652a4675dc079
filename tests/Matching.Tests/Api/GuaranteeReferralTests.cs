using System.Net;
using System.Net.Http.Json;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Api;

/// <summary>
/// A contract's guarantee referral: who may start it, what is refused before the one-stop centre is asked, and a centre
/// that is away (here the stand-in register serves no ReferralDesk): 503 with Retry-After and nothing recorded. The
/// referral reaching the counter and CreditGuarantee is proven through the gateway (Platform.Tests).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GuaranteeReferralTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    private static object Body(Guid enterpriseId) => new
    {
        enterpriseId, loanRequest = new { bankId = "ccb-shenyang", loanAmount = 300_000m, termMonths = 12, purpose = "working_capital" },
    };

    private async Task<(string CasePath, Guid NeedingEnterprise)> CaseAsync()
    {
        var needing = await PublishedAsync("沈阳金杯汽车零部件有限公司", "tiexi", Listing("need", "oem", amount: 1000, title: "Brake discs to drawing"));
        var offering = await PublishedAsync("沈阳精密铸造有限公司", "yuhong", Listing("offer", "oem", amount: 2000, title: "Casting capacity"));
        var introduction = await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/introductions", new { needId = NeedId(needing), offerId = OfferId(offering) }),
            HttpStatusCode.Created);
        var path = $"{Api}/introductions/{introduction.GetProperty("id").GetString()}/acceptances";
        await ReadAsync(await Intermediary.PostAsJsonAsync(path, new { side = "offering", channel = "phone", givenAt = DateTimeOffset.UtcNow }), HttpStatusCode.OK);
        var both = await ReadAsync(await Intermediary.PostAsJsonAsync(path, new { side = "needing", channel = "phone", givenAt = DateTimeOffset.UtcNow }),
            HttpStatusCode.OK);
        var casePath = $"{Api}/cases/{both.GetProperty("caseId").GetString()}";
        var @case = await ReadAsync(await Intermediary.GetAsync(casePath), HttpStatusCode.OK);
        return (casePath, @case.GetProperty("needing").GetProperty("identity").GetProperty("enterpriseId").GetGuid());
    }

    [Fact]
    public async Task Only_intermediaries_start_it_from_a_signed_contract_and_a_one_stop_centre_that_is_away_changes_nothing()
    {
        var (casePath, enterpriseId) = await CaseAsync();
        foreach (var (role, ward) in new[] { ("counter_staff", "tiexi"), ("advisor", (string?)null), ("sme_office", null) })
        {
            using var other = Factory.ClientFor(role, ward);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync(casePath + "/guarantee-referral", Body(enterpriseId))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound,
            (await Intermediary.PostAsJsonAsync($"{Api}/cases/{Guid.CreateVersion7()}/guarantee-referral", Body(enterpriseId))).StatusCode);
        var early = await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/guarantee-referral", Body(enterpriseId)), HttpStatusCode.Conflict);
        Assert.Equal(("case-not-at-contract", "enquiry"), (early.GetProperty("code").GetString(), early.GetProperty("stage").GetString()));

        foreach (var stage in new[] { "nda", "q_and_a", "loi", "feasibility_study" })
        {
            await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/transitions", new { to = stage }), HttpStatusCode.OK);
        }

        await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/transitions", new
        {
            to = "contract", contract = new { value = 1_000_000m, currency = "CNY", startDate = "2025-06-01", contractType = "OEM supply" },
        }), HttpStatusCode.OK);

        var away = await Intermediary.PostAsJsonAsync(casePath + "/guarantee-referral", Body(enterpriseId));
        var problem = await ReadAsync(away, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("onestop-unavailable", problem.GetProperty("code").GetString());
        Assert.True(away.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        Assert.Equal(0, await CountAsync("case_referrals"));
        var @case = await ReadAsync(await Intermediary.GetAsync(casePath), HttpStatusCode.OK);
        Assert.Equal(0, @case.GetProperty("referrals").GetArrayLength());
    }
}
