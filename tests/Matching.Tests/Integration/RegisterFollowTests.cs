using System.Net;
using System.Text.Json;
using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Matching.Tests.Api;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Integration;

/// <summary>
/// A profile follows its enterprise's register entry over the real RabbitMQ: OneStop's EnterpriseUpdated replaces the
/// identity and a move to another ward rescores the suggestions around it; a late, older event changes nothing;
/// EnterpriseDeactivated withdraws the profile from every suggestion.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RegisterFollowTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    private IBusControl publisher = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        publisher = await Factory.VirtualHost.StartPublisherAsync();
    }

    public override async Task DisposeAsync()
    {
        await publisher.StopAsync();
        await base.DisposeAsync();
    }

    private static EnterpriseUpdated Updated(JsonElement profile, string name, string ward, int rowVersion)
    {
        var e = profile.GetProperty("enterprise");
        return new EnterpriseUpdated(Guid.Parse(e.GetProperty("enterpriseId").GetString()!), e.GetProperty("uscc").GetString()!, name, ward, "C3670",
            120, 30_000_000m, 20_000_000m, null, ["name", "ward"], rowVersion, DateTimeOffset.UtcNow);
    }

    private async Task<JsonElement> SuggestionAsync(string needId)
    {
        var body = await ReadAsync(await Intermediary.GetAsync($"{Api}/needs/{needId}/suggestions"), HttpStatusCode.OK);
        return body.GetProperty("items");
    }

    [Fact]
    public async Task A_renamed_and_moved_enterprise_is_named_and_scored_anew_and_an_older_event_changes_nothing()
    {
        var needing = await PublishedAsync("沈阳铁西汽配厂", "tiexi", Listing("need", "oem", amount: 1000, title: "Brake discs"));
        var offering = await PublishedAsync("沈阳于洪铸造厂", "yuhong", Listing("offer", "oem", amount: 2000, title: "Casting capacity"));
        var before = (await SuggestionAsync(NeedId(needing)))[0];
        Assert.Equal(7, before.GetProperty("reasons")[5].GetProperty("points").GetInt32()); // yuhong borders tiexi

        await publisher.Publish(Updated(offering, "沈阳铁西精铸有限公司", "tiexi", rowVersion: 3));
        var moved = await Poll.UntilAsync(() => SuggestionAsync(NeedId(needing)),
            items => items.GetArrayLength() == 1 && items[0].GetProperty("reasons")[5].GetProperty("points").GetInt32() == 10,
            TimeSpan.FromSeconds(30), "the suggestion rescored for the same ward");
        Assert.Equal(before.GetProperty("score").GetInt32() + 3, moved[0].GetProperty("score").GetInt32());
        var profilePath = $"{Api}/profiles/{offering.GetProperty("id").GetString()}";
        var renamed = await ReadAsync(await Intermediary.GetAsync(profilePath), HttpStatusCode.OK);
        Assert.Equal(("沈阳铁西精铸有限公司", "tiexi"),
            (renamed.GetProperty("enterprise").GetProperty("name").GetString(), renamed.GetProperty("enterprise").GetProperty("ward").GetString()));

        // Counter staff of the new ward now see the profile; of the old ward no longer.
        using var tiexi = Factory.ClientFor("counter_staff", ward: "tiexi");
        using var yuhong = Factory.ClientFor("counter_staff", ward: "yuhong");
        Assert.Equal(HttpStatusCode.OK, (await tiexi.GetAsync(profilePath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await yuhong.GetAsync(profilePath)).StatusCode);

        // A late delivery of an older version is recorded in the inbox and ignored.
        var inboxBefore = await CountAsync("inbox_messages");
        await publisher.Publish(Updated(offering, "沈阳于洪铸造厂", "yuhong", rowVersion: 2));
        await Poll.UntilAsync(() => CountAsync("inbox_messages"), n => n > inboxBefore, TimeSpan.FromSeconds(30), "the older event consumed");
        var still = await ReadAsync(await Intermediary.GetAsync(profilePath), HttpStatusCode.OK);
        Assert.Equal("沈阳铁西精铸有限公司", still.GetProperty("enterprise").GetProperty("name").GetString());
        Assert.Equal(10, (await SuggestionAsync(NeedId(needing)))[0].GetProperty("reasons")[5].GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task A_closed_enterprise_profile_is_withdrawn_from_every_suggestion_and_cannot_be_introduced()
    {
        var needing = await PublishedAsync("沈阳大东电机厂", "dadong", Listing("need", "subcontracting_giving", title: "Windings"));
        var offering = await PublishedAsync("沈阳皇姑绕线厂", "huanggu", Listing("offer", "subcontracting_taking", title: "Winding capacity"));
        var second = await PublishedAsync("沈阳沈河绕线厂", "shenhe", Listing("offer", "subcontracting_taking", title: "Winding capacity too"));
        Assert.Equal(2, (await SuggestionAsync(NeedId(needing))).GetArrayLength());

        var enterprise = offering.GetProperty("enterprise");
        await publisher.Publish(new EnterpriseDeactivated(Guid.Parse(enterprise.GetProperty("enterpriseId").GetString()!), enterprise.GetProperty("uscc").GetString()!,
            "huanggu", "closure", null, DateOnly.FromDateTime(DateTime.UtcNow), null, DateTimeOffset.UtcNow));
        var left = await Poll.UntilAsync(() => SuggestionAsync(NeedId(needing)), items => items.GetArrayLength() == 1, TimeSpan.FromSeconds(30),
            "the closed enterprise's offer gone from the suggestions");
        Assert.Equal(OfferId(second), left[0].GetProperty("offerId").GetString());
        var withdrawn = await ReadAsync(await Intermediary.GetAsync($"{Api}/profiles/{offering.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.GetProperty("state").GetString());
        var refused = await ReadAsync(await Intermediary.PostAsync(Api + "/introductions",
            System.Net.Http.Json.JsonContent.Create(new { needId = NeedId(needing), offerId = OfferId(offering) })), HttpStatusCode.Conflict);
        Assert.Equal("profile-not-live", refused.GetProperty("code").GetString());
    }
}
