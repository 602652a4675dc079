using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Contracts.Matching;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Api;

/// <summary>
/// The intermediary's whole path: two published profiles, the need matched to the offer with every point explained,
/// both acceptances and the reveal, the case from enquiry to contract, the follow-up ratings, and the events on the bus.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class PartnershipFlowTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    private EventListener events = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        events = await EventListener.StartAsync(Factory.VirtualHost);
    }

    public override async Task DisposeAsync()
    {
        await events.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<JsonElement> SuggestionsAsync(string needId, HttpClient? client = null, bool includeDismissed = false) =>
        await ReadAsync(await (client ?? Intermediary).GetAsync($"{Api}/needs/{needId}/suggestions?includeDismissed={includeDismissed}"), HttpStatusCode.OK);

    [Fact]
    public async Task A_need_meets_an_offer_explained_introduced_revealed_on_both_acceptances_and_followed_to_a_contract()
    {
        var needing = await PublishedAsync("沈阳金杯汽车零部件有限公司", "tiexi",
            Listing("need", "oem", amount: 1000, certifications: ["IATF 16949"], title: "Brake discs to drawing"));
        var offering = await PublishedAsync("沈阳精密铸造有限公司", "yuhong", Listing("offer", "oem", amount: 2000, title: "Casting and machining capacity"));
        var needId = NeedId(needing);
        var offerId = OfferId(offering);

        var suggestions = await SuggestionsAsync(needId);
        var item = suggestions.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(offerId, item.GetProperty("offerId").GetString());
        var reasons = item.GetProperty("reasons").EnumerateArray().ToArray();
        Assert.Equal(["types", "industry", "processes", "capacity", "certifications", "distance", "ratings"], reasons.Select(r => r.GetProperty("component").GetString()));
        Assert.Equal(item.GetProperty("score").GetInt32(), reasons.Sum(r => r.GetProperty("points").GetInt32()));
        Assert.Equal(95, item.GetProperty("score").GetInt32()); // all but distance (neighbouring ward: 7 of 10) and ratings (neutral: 3 of 5)
        Assert.Contains("borders", reasons[5].GetProperty("reason").GetString(), StringComparison.Ordinal);

        var introduction = await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/introductions", new { needId, offerId }), HttpStatusCode.Created);
        var path = $"{Api}/introductions/{introduction.GetProperty("id").GetString()}";
        var first = await ReadAsync(await Intermediary.PostAsJsonAsync(path + "/acceptances",
            new { side = "offering", channel = "phone", givenAt = DateTimeOffset.UtcNow }), HttpStatusCode.OK);
        Assert.False(first.GetProperty("revealed").GetBoolean());
        var twice = await ReadAsync(await Intermediary.PostAsJsonAsync(path + "/acceptances",
            new { side = "offering", channel = "email", givenAt = DateTimeOffset.UtcNow }), HttpStatusCode.Conflict);
        Assert.Equal("acceptance-already-recorded", twice.GetProperty("code").GetString());
        var both = await ReadAsync(await Intermediary.PostAsJsonAsync(path + "/acceptances",
            new { side = "needing", channel = "counter_visit", givenAt = DateTimeOffset.UtcNow }), HttpStatusCode.OK);
        Assert.True(both.GetProperty("revealed").GetBoolean());
        var caseId = both.GetProperty("caseId").GetString();

        var casePath = $"{Api}/cases/{caseId}";
        var outOfOrder = await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/transitions", new { to = "loi" }), HttpStatusCode.Conflict);
        Assert.Equal("stage-out-of-order", outOfOrder.GetProperty("code").GetString());
        Assert.Equal("enquiry", outOfOrder.GetProperty("stage").GetString());
        foreach (var stage in new[] { "nda", "q_and_a", "loi", "feasibility_study" })
        {
            await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/transitions", new { to = stage, documents = $"{stage} signed copy" }), HttpStatusCode.OK);
        }

        var noTerms = await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/transitions", new { to = "contract" }), HttpStatusCode.BadRequest);
        Assert.True(noTerms.GetProperty("errors").TryGetProperty("contract", out _));
        var signed = await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/transitions", new
        {
            to = "contract", contract = new { value = 1_000_000m, currency = "CNY", startDate = "2025-06-01", contractType = "OEM supply" },
        }), HttpStatusCode.OK);
        Assert.Equal("contract", signed.GetProperty("stage").GetString());
        Assert.Equal("签约", signed.GetProperty("stageZh").GetString());
        Assert.Equal(15_500m, signed.GetProperty("feeCharged").GetDecimal()); // NDA 500 + FS 5,000 + 1% of the contract

        var rated = await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/ratings",
            new { followUpMonths = 3, side = "needing", onTimeDelivery = 5, quality = 4, communication = 5 }), HttpStatusCode.OK);
        Assert.Equal(1, rated.GetProperty("ratings").GetArrayLength());
        var badRating = await ReadAsync(await Intermediary.PostAsJsonAsync(casePath + "/ratings",
            new { followUpMonths = 4, side = "Nobody", onTimeDelivery = 0, quality = 6, communication = 3 }), HttpStatusCode.BadRequest);
        Assert.Equal(["followUpMonths", "onTimeDelivery", "quality", "side"],
            badRating.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var needingId = needing.GetProperty("enterprise").GetProperty("enterpriseId").GetGuid();
        var offeringId = offering.GetProperty("enterprise").GetProperty("enterpriseId").GetGuid();
        var accepted = await events.UntilAsync<IntroductionAccepted>(_ => true, 3, "three IntroductionAccepted (one before, two at the reveal)");
        var early = accepted.Single(e => !e.Revealed);
        Assert.Equal((offeringId, (Guid?)null, (string?)null), (early.EnterpriseId, early.CounterpartEnterpriseId, early.CounterpartName));
        Assert.Equal(needing.GetProperty("code").GetString(), early.CounterpartCode);
        Assert.Contains(accepted, e => e.Revealed && e.EnterpriseId == needingId && e.CounterpartName == "沈阳精密铸造有限公司");
        await events.UntilAsync<PartnershipStageChanged>(e => e.To == "Contract", 2, "the contract stage on both timelines");
        var contracts = await events.UntilAsync<PartnershipContractSigned>(_ => true, 2, "the contract on both timelines");
        Assert.Equal([needingId, offeringId], contracts.Select(c => c.EnterpriseId).Order());
        Assert.All(contracts, c => Assert.Equal(1_000_000m, c.ContractValue));
    }

    [Fact]
    public async Task A_dismissed_suggestion_stays_dismissed_when_suggestions_are_recomputed()
    {
        var needing = await PublishedAsync("沈阳新松机电有限公司", "heping", Listing("need", "technology_transfer_in", industry: "C3490"));
        var first = await PublishedAsync("沈阳机床技术有限公司", "shenhe", Listing("offer", "technology_transfer_out", industry: "C3421"));
        var needId = NeedId(needing);

        var dismissal = await Intermediary.PostAsJsonAsync($"{Api}/needs/{needId}/suggestions/{OfferId(first)}/dismissal", new { reason = "Competitor of the need's customer" });
        Assert.Equal(HttpStatusCode.NoContent, dismissal.StatusCode);
        var noReason = await ReadAsync(await Intermediary.PostAsJsonAsync($"{Api}/needs/{needId}/suggestions/{OfferId(first)}/dismissal", new { reason = "" }),
            HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));

        // Another offer published: the need's suggestions are recomputed with it.
        var second = await PublishedAsync("沈阳数控研究所", "dadong", Listing("offer", "technology_transfer_out", industry: "C3490"));

        var items = (await SuggestionsAsync(needId)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("offerId").GetString()!).ToArray();
        Assert.Equal([OfferId(second)], items);
        var all = (await SuggestionsAsync(needId, includeDismissed: true)).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal("Competitor of the need's customer", all.Single(i => i.GetProperty("offerId").GetString() == OfferId(first)).GetProperty("dismissedReason").GetString());
    }
}
