using System.Net;
using System.Net.Http.Json;
using MassTransit;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Matching.Tests.Api;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Integration;

/// <summary>
/// The closed loop of a counter referral over the real RabbitMQ: ReferralSent published as OneStop's relay would lands
/// in the intermediaries' queue (once, however often delivered); accept, start and outcome travel back as the referral
/// replies every receiving service sends, received here by a bus of the test's own.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ReferralLoopTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    private IBusControl publisher = null!;
    private EventListener replies = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        publisher = await Factory.VirtualHost.StartPublisherAsync();
        replies = await EventListener.StartAsync(Factory.VirtualHost);
    }

    public override async Task DisposeAsync()
    {
        await replies.DisposeAsync();
        await publisher.StopAsync();
        await base.DisposeAsync();
    }

    private static ReferralSent Referral(string target = ReferralTargets.PartnershipMatching) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "91210106MA0XXXXX1K", "沈阳精工机械有限公司", "tiexi", target,
            "Looks for an OEM partner in Japan for its brake discs.", "clerk.he", null, DateTimeOffset.UtcNow);

    private async Task<ReferralView[]> QueueAsync() => (await Intermediary.GetFromJsonAsync<ReferralView[]>(Api + "/referrals"))!;

    private sealed record ReferralView(Guid ReferralId, string EnterpriseName, string Ward, string State);

    [Fact]
    public async Task A_counter_referral_lands_in_the_queue_once_and_its_replies_travel_back()
    {
        var referral = Referral();
        var messageId = Guid.CreateVersion7();
        await publisher.Publish(referral, ctx => ctx.MessageId = messageId);
        await publisher.Publish(referral, ctx => ctx.MessageId = messageId);
        await publisher.Publish(referral, ctx => ctx.MessageId = Guid.CreateVersion7());
        await publisher.Publish(Referral(ReferralTargets.Diagnosis));

        var queued = await Poll.UntilAsync(QueueAsync, q => q.Length >= 1, TimeSpan.FromSeconds(30), "the referral in the queue");
        await Poll.UntilAsync(() => CountAsync("inbox_messages"), n => n >= 2, TimeSpan.FromSeconds(30), "both distinct deliveries consumed");
        Assert.Equal(referral.ReferralId, Assert.Single(await QueueAsync()).ReferralId);
        Assert.Equal(("沈阳精工机械有限公司", "queued"), (queued[0].EnterpriseName, queued[0].State));

        var path = $"{Api}/referrals/{referral.ReferralId}";
        var early = await ReadAsync(await Intermediary.PostAsync(path + "/start", null), HttpStatusCode.Conflict);
        Assert.Equal("queued", early.GetProperty("state").GetString());
        await ReadAsync(await Intermediary.PostAsync(path + "/acceptance", null), HttpStatusCode.OK);
        await ReadAsync(await Intermediary.PostAsync(path + "/start", null), HttpStatusCode.OK);
        var noResult = await ReadAsync(await Intermediary.PostAsJsonAsync(path + "/outcome", new { result = "maybe" }), HttpStatusCode.BadRequest);
        Assert.Equal(["result", "summary"], noResult.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await ReadAsync(await Intermediary.PostAsJsonAsync(path + "/outcome",
            new { result = "achieved", summary = "Introduced to an OEM buyer; contract signed." }), HttpStatusCode.OK);

        var accepted = await replies.UntilAsync<ReferralAccepted>(r => r.ReferralId == referral.ReferralId, 1, "ReferralAccepted");
        var started = await replies.UntilAsync<ReferralServiceStarted>(r => r.ReferralId == referral.ReferralId, 1, "ReferralServiceStarted");
        var outcome = await replies.UntilAsync<ReferralOutcomeReported>(r => r.ReferralId == referral.ReferralId, 1, "ReferralOutcomeReported");
        Assert.Equal(ReferralTargets.PartnershipMatching, accepted[0].Target);
        Assert.Equal("intermediary.wang", accepted[0].AcceptedBy);
        Assert.Equal(ReferralTargets.PartnershipMatching, started[0].Target);
        Assert.Equal((ReferralResults.Achieved, "Introduced to an OEM buyer; contract signed."), (outcome[0].Result, outcome[0].Summary));
        Assert.Empty(await QueueAsync());
    }
}
