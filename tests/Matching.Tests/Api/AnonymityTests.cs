using System.Net;
using System.Net.Http.Json;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Api;

/// <summary>
/// The reveal rule seen from the counter (an enterprise-facing role): every answer counter staff of the needing
/// enterprise's ward can get, including errors and refusals, is searched for the hidden counterpart's name, credit code
/// and register id. None of them may appear before both sides accepted; once they have, the counterpart is named.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AnonymityTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    private const string HiddenName = "沈阳隐名精工有限公司";

    /// <summary>JSON writes non-ASCII text as \u escapes: searched as written, a Chinese name would never be found.</summary>
    private static string Decoded(string body) => System.Text.RegularExpressions.Regex.Unescape(body);

    [Fact]
    public async Task No_answer_to_counter_staff_names_the_counterpart_before_the_reveal_and_the_introduction_does_after()
    {
        var needing = await PublishedAsync("沈阳铁西机械厂", "tiexi", Listing("Need", "SubcontractingGiving", title: "Machined housings"));
        var offering = await PublishedAsync(HiddenName, "heping", Listing("Offer", "SubcontractingTaking", title: "Machining capacity"));
        var hidden = new[]
        {
            HiddenName,
            offering.GetProperty("enterprise").GetProperty("uscc").GetString()!,
            offering.GetProperty("enterprise").GetProperty("enterpriseId").GetString()!,
        };
        var introduction = await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/introductions", new { needId = NeedId(needing), offerId = OfferId(offering) }),
            HttpStatusCode.Created);
        var introductionPath = $"{Api}/introductions/{introduction.GetProperty("id").GetString()}";
        await ReadAsync(await Intermediary.PostAsJsonAsync(introductionPath + "/acceptances",
            new { side = "Needing", channel = "CounterVisit", givenAt = DateTimeOffset.UtcNow }), HttpStatusCode.OK);

        using var counter = Factory.ClientFor("counter_staff", ward: "tiexi");
        var answers = new List<(string What, HttpStatusCode Status, string Body)>();
        async Task Probe(string what, Func<Task<HttpResponseMessage>> call)
        {
            using var response = await call();
            answers.Add((what, response.StatusCode, Decoded(await response.Content.ReadAsStringAsync())));
        }

        var offeringProfile = offering.GetProperty("id").GetString();
        await Probe("suggestions of the own ward's need", () => counter.GetAsync($"{Api}/needs/{NeedId(needing)}/suggestions?includeDismissed=true"));
        await Probe("the introduction", () => counter.GetAsync(introductionPath));
        await Probe("the own enterprise's profile", () => counter.GetAsync($"{Api}/profiles/{needing.GetProperty("id").GetString()}"));
        await Probe("the counterpart's profile", () => counter.GetAsync($"{Api}/profiles/{offeringProfile}"));
        await Probe("the offer taken for a need", () => counter.GetAsync($"{Api}/needs/{OfferId(offering)}/suggestions"));
        await Probe("recording an acceptance", () => counter.PostAsJsonAsync(introductionPath + "/acceptances",
            new { side = "Offering", channel = "Phone", givenAt = DateTimeOffset.UtcNow }));
        await Probe("proposing again", () => counter.PostAsJsonAsync(Api + "/introductions", new { needId = NeedId(needing), offerId = OfferId(offering) }));
        await Probe("dismissing", () => counter.PostAsJsonAsync($"{Api}/needs/{NeedId(needing)}/suggestions/{OfferId(offering)}/dismissal", new { reason = "x" }));
        var needingEnterprise = needing.GetProperty("enterprise").GetProperty("enterpriseId").GetString();
        await Probe("the own enterprise's partnerships", () => counter.GetAsync($"{Api}/enterprises/{needingEnterprise}/partnerships?includeClosed=true"));
        await Probe("an unknown enterprise's partnerships", () => counter.GetAsync($"{Api}/enterprises/{Guid.NewGuid()}/partnerships"));
        await Probe("renewing the counterpart's profile", () => counter.PostAsync($"{Api}/profiles/{offeringProfile}/renewal", null));
        await Probe("the renewal reminders", () => counter.GetAsync(Api + "/profiles/renewals-due"));
        await Probe("the referral queue", () => counter.GetAsync(Api + "/referrals"));
        await Probe("the audit trail", () => counter.GetAsync(Api + "/audit"));
        await Probe("an unknown case", () => counter.GetAsync($"{Api}/cases/{Guid.NewGuid()}"));
        await Probe("malformed input", () => counter.PostAsync(introductionPath + "/acceptances", new StringContent("{", System.Text.Encoding.UTF8, "application/json")));

        Assert.Contains(answers, a => a.What == "suggestions of the own ward's need" && a.Status == HttpStatusCode.OK && a.Body.Contains("SY-SCT-", StringComparison.Ordinal));
        Assert.Contains(answers, a => a.What == "the introduction" && a.Status == HttpStatusCode.OK);
        Assert.Contains(answers, a => a.What == "the own enterprise's partnerships" && a.Status == HttpStatusCode.OK && a.Body.Contains("SY-SCT-", StringComparison.Ordinal));
        Assert.All(answers, a => Assert.All(hidden, secret =>
            Assert.False(a.Body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{a.What} ({(int)a.Status}) names the counterpart: {a.Body}")));

        // The offering side accepts: both have, the identities are revealed to the counter too.
        await ReadAsync(await Intermediary.PostAsJsonAsync(introductionPath + "/acceptances",
            new { side = "Offering", channel = "Phone", givenAt = DateTimeOffset.UtcNow }), HttpStatusCode.OK);
        var revealed = await ReadAsync(await counter.GetAsync(introductionPath), HttpStatusCode.OK);
        var text = Decoded(revealed.GetRawText());
        Assert.True(revealed.GetProperty("revealed").GetBoolean());
        Assert.All(hidden, secret => Assert.Contains(secret, text, StringComparison.Ordinal));
        var @case = await ReadAsync(await counter.GetAsync($"{Api}/cases/{revealed.GetProperty("caseId").GetString()}"), HttpStatusCode.OK);
        Assert.Equal(HiddenName, @case.GetProperty("offering").GetProperty("identity").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Counter_staff_of_another_ward_and_banks_see_nothing_of_an_introduction()
    {
        var needing = await PublishedAsync("沈阳大东五金厂", "dadong", Listing("Need", "Export", title: "Buyer abroad"));
        var offering = await PublishedAsync("沈阳进出口贸易公司", "shenhe", Listing("Offer", "Import", title: "Import channel"));
        var introduction = await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/introductions", new { needId = NeedId(needing), offerId = OfferId(offering) }),
            HttpStatusCode.Created);
        var path = $"{Api}/introductions/{introduction.GetProperty("id").GetString()}";

        using var otherWard = Factory.ClientFor("counter_staff", ward: "kangping");
        using var bank = Factory.ClientFor("bank");
        using var advisor = Factory.ClientFor("advisor");
        Assert.Equal(HttpStatusCode.NotFound, (await otherWard.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherWard.GetAsync($"{Api}/needs/{NeedId(needing)}/suggestions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync($"{Api}/needs/{NeedId(needing)}/suggestions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await advisor.GetAsync(path)).StatusCode);
        using var office = Factory.ClientFor("sme_office");
        var seen = await ReadAsync(await office.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal("沈阳进出口贸易公司", seen.GetProperty("offering").GetProperty("party").GetProperty("identity").GetProperty("name").GetString());
    }
}
