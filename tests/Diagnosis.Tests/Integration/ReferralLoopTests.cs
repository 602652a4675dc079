using System.Collections.Concurrent;
using System.Net;
using MassTransit;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Diagnosis.Tests.Api;

namespace SmePlatform.Diagnosis.Tests.Integration;

/// <summary>
/// The counter's referral loop over the real RabbitMQ: ReferralSent (published as OneStop's relay would) lands in the
/// advisors' queue; accept, start and outcome travel back as the referral replies OneStop already consumes.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ReferralLoopTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private readonly ConcurrentQueue<object> replies = new();
    private IBusControl counter = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var anonymous = Factory.Anonymous();
        await Poll.UntilAsync(async () => (await anonymous.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60),
            "Diagnosis to be ready (bus connected, queues bound)");
        // The counter's side: publishes referrals and hears the replies, as OneStop does, on the same virtual host.
        counter = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(Factory.VirtualHost.Host, (ushort)Factory.VirtualHost.Port, Factory.VirtualHost.Name, h =>
            {
                h.Username(Factory.VirtualHost.Username);
                h.Password(Factory.VirtualHost.Password);
            });
            cfg.ReceiveEndpoint("onestop-test-replies", e =>
            {
                e.Handler<ReferralAccepted>(c => Record(c.Message));
                e.Handler<ReferralDeclined>(c => Record(c.Message));
                e.Handler<ReferralServiceStarted>(c => Record(c.Message));
                e.Handler<ReferralOutcomeReported>(c => Record(c.Message));
            });
        });
        await counter.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await counter.StopAsync();
        await base.DisposeAsync();
    }

    private Task Record(object message)
    {
        replies.Enqueue(message);
        return Task.CompletedTask;
    }

    private static ReferralSent Referral(string target = ReferralTargets.Diagnosis) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "91210106MA0T8K2X4Q", "沈阳精工机械有限公司", "tiexi", target,
            "Wants to know why margins fell.", "clerk.he", null, DiagnosisFactory.Start);

    private Task<System.Text.Json.JsonElement> QueuedAsync(Guid referralId) =>
        Poll.UntilAsync(async () => (await GetAsync(Advisor, "/referrals")).Body, q => q.GetProperty("referrals").EnumerateArray()
            .Any(r => r.GetProperty("referralId").GetGuid() == referralId), TimeSpan.FromSeconds(30), "the referral in the advisors' queue");

    [Fact]
    public async Task A_counter_referral_is_queued_once_and_accept_start_and_outcome_travel_back_to_the_counter()
    {
        var referral = Referral();
        await counter.Publish(referral, c => c.MessageId = Guid.CreateVersion7());
        await counter.Publish(referral, c => c.MessageId = Guid.CreateVersion7());
        await counter.Publish(Referral(ReferralTargets.CreditGuarantee), c => c.MessageId = Guid.CreateVersion7());

        var queue = await QueuedAsync(referral.ReferralId);
        await Poll.UntilAsync(() => CountAsync("SELECT count(*) FROM inbox_messages WHERE consumer = 'ReferralSentConsumer'"), n => n >= 2,
            TimeSpan.FromSeconds(30), "both deliveries of the referral consumed");
        var queued = Assert.Single((await GetAsync(Advisor, "/referrals")).Body.GetProperty("referrals").EnumerateArray());
        Assert.Equal("waiting", queued.GetProperty("state").GetString());
        Assert.Equal(["accept", "decline"], queued.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        var path = $"/referrals/{referral.ReferralId}";
        var (early, refused) = await PostAsync(Advisor, path + "/start", new { });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("waiting", refused.GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Advisor, path + "/accept", new { })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Advisor, path + "/start", new { })).Response.StatusCode);
        var (ran, diagnosis) = await PostAsync(Advisor, "/diagnoses", new
        {
            enterpriseId = referral.EnterpriseId, referralId = referral.ReferralId, kind = "quick", statements = WorkedExampleJson(),
        });
        Assert.Equal(HttpStatusCode.Created, ran.StatusCode);
        Assert.Equal("tiexi", diagnosis.GetProperty("ward").GetString());
        var diagnosisId = diagnosis.GetProperty("id").GetGuid();
        var (done, view) = await PostAsync(Advisor, path + "/outcome", new { result = "achieved", summary = "Diagnosed: rank B; two programmes proposed.", diagnosisId });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("completed", view.GetProperty("state").GetString());

        var heard = await Poll.UntilAsync(() => Task.FromResult(replies.ToArray()), r => r.Length >= 3, TimeSpan.FromSeconds(30),
            "the three replies on the counter's side of the broker");
        Assert.Equal([typeof(ReferralAccepted), typeof(ReferralServiceStarted), typeof(ReferralOutcomeReported)], heard.Select(r => r.GetType()));
        var outcome = (ReferralOutcomeReported)heard[2];
        Assert.Equal((referral.ReferralId, ReferralTargets.Diagnosis, ReferralResults.Achieved, diagnosisId.ToString()),
            (outcome.ReferralId, outcome.Target, outcome.Result, outcome.ReceiverReference));
        Assert.Equal("advisor.wang", ((ReferralAccepted)heard[0]).AcceptedBy);
        Assert.Equal(1, queue.GetProperty("referrals").GetArrayLength());
    }

    [Fact]
    public async Task A_decline_needs_a_reason_and_tells_the_counter_why()
    {
        var referral = Referral();
        await counter.Publish(referral, c => c.MessageId = Guid.CreateVersion7());
        await QueuedAsync(referral.ReferralId);

        var (bad, problem) = await PostAsync(Advisor, $"/referrals/{referral.ReferralId}/decline", new { });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Advisor, $"/referrals/{referral.ReferralId}/decline",
            new { reason = "The enterprise has no statements yet; the counter helps it prepare them first." })).Response.StatusCode);

        var heard = await Poll.UntilAsync(() => Task.FromResult(replies.ToArray()), r => r.Length >= 1, TimeSpan.FromSeconds(30), "the decline");
        var declined = Assert.IsType<ReferralDeclined>(Assert.Single(heard));
        Assert.StartsWith("The enterprise has no statements yet", declined.Reason, StringComparison.Ordinal);
        using var clerk = Factory.As("counter_staff", ward: "tiexi");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(clerk, $"/referrals/{referral.ReferralId}/accept", new { })).Response.StatusCode);
    }
}
