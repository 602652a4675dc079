using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Integration;

/// <summary>
/// Counter referrals over the real RabbitMQ: ReferralSent published as OneStop's relay would, consumed through the inbox,
/// turned into a screened application of channel "counter", and answered through the outbox.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ReferralConsumerTests(InfrastructureFixture infra) : GuaranteeApiTest(infra), IAsyncLifetime
{
    private const string Examination = "/api/guarantee/applications";
    private const string Replies = "SmePlatform.Contracts.Referrals.";
    private readonly InfrastructureFixture infra = infra;
    private IBusControl publisher = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        using var anonymous = Factory.CreateClient();
        await Poll.UntilAsync(async () => (await anonymous.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "CreditGuarantee to be ready (bus connected, queues bound)");
        // A publisher of its own, as OneStop's outbox relay would be: same broker, same message contract.
        publisher = await Factory.VirtualHost.StartPublisherAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await publisher.StopAsync();
        await DisposeAsync();
    }

    private static ReferralSent Referral(string uscc, ReferredLoanRequest? loan) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), uscc, "沈阳精工机械有限公司", "tiexi", ReferralTargets.CreditGuarantee,
            "Needs working capital for a new order.", "clerk.he", loan, DateTimeOffset.UtcNow);

    private static ReferredLoanRequest Loan(string bankId = "ccb-shenyang", int termMonths = 24) =>
        new(bankId, 1_200_000m, termMonths, "working_capital", "equal_instalments");

    /// <summary>The referral replies in the outbox for a referral, in order: (type, payload).</summary>
    private async Task<IReadOnlyList<(string Type, JsonElement Payload)>> RepliesAsync(Guid referralId)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var rows = await db.QueryAsync<(string Type, string Payload)>(
            "SELECT message_type, payload::text FROM outbox_messages WHERE payload->>'referralId' = @id ORDER BY position",
            new { id = referralId.ToString() });
        return [.. rows.Select(r => (r.Type[Replies.Length..], JsonDocument.Parse(r.Payload).RootElement.Clone()))];
    }

    private Task<IReadOnlyList<(string Type, JsonElement Payload)>> RepliesUntilAsync(Guid referralId, int count, string what) =>
        Poll.UntilAsync(() => RepliesAsync(referralId), r => r.Count >= count, TimeSpan.FromSeconds(30), what);

    [Fact]
    public async Task A_referral_becomes_one_screened_counter_application_for_the_chosen_bank_however_often_it_is_delivered()
    {
        var referral = Referral(Register.Add(), Loan());
        var messageId = Guid.CreateVersion7();
        await publisher.Publish(referral, ctx => ctx.MessageId = messageId);
        await publisher.Publish(referral, ctx => ctx.MessageId = messageId);
        await publisher.Publish(referral, ctx => ctx.MessageId = Guid.CreateVersion7());

        // Both distinct message ids handled (the repeated one once), only then count.
        await Poll.UntilAsync(async () => await Bodies.CountAsync(Factory.ConnectionString,
                "SELECT count(*) FROM inbox_messages WHERE consumer = 'ReferralSentConsumer'"), n => n >= 2, TimeSpan.FromSeconds(30),
            "both deliveries of the referral consumed");
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var application = await db.QuerySingleAsync<(Guid Id, string Channel, string BankId, string BankApplicationKey, string State, string Ward)>(
            "SELECT id, channel, bank_id, bank_application_key, state, ward FROM applications WHERE referral_id = @id", new { id = referral.ReferralId });
        Assert.Equal(("counter", "ccb-shenyang", "referral:" + referral.ReferralId.ToString("N"), "under_examination"),
            (application.Channel, application.BankId, application.BankApplicationKey, application.State));
        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM applications"));

        var replies = await RepliesAsync(referral.ReferralId);
        var accepted = Assert.Single(replies);
        Assert.Equal(nameof(ReferralAccepted), accepted.Type);
        Assert.Equal(application.Id.ToString(), accepted.Payload.GetProperty("receiverReference").GetString());
        Assert.Equal(ReferralTargets.CreditGuarantee, accepted.Payload.GetProperty("target").GetString());
        // Screened exactly as a bank's submission: the same events and the register's data on the row.
        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.Guarantee.GuaranteeApplicationScreened'"));
        Assert.Equal("tiexi", application.Ward);
        // The relay published the reply to RabbitMQ.
        await Poll.UntilAsync(async () => await Bodies.CountAsync(Factory.ConnectionString,
                "SELECT count(*) FROM outbox_messages WHERE message_type = @type AND published_at IS NOT NULL", new { type = Replies + nameof(ReferralAccepted) }),
            n => n == 1, TimeSpan.FromSeconds(30), "the acceptance to be published");

        // It is the bank's loan: the bank sees the application in its own list.
        var list = await Bank.GetFromJsonAsync<JsonElement>(Bodies.Applications);
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == application.Id);
        Assert.Equal("counter", listed.GetProperty("channel").GetString());

        // An examiner takes it up: service started; the examiner declines it: outcome not achieved, with the reason.
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{application.Id}/assignment", new { })).Response.StatusCode);
        var (declined, _) = await Li.PostJsonAsync($"{Examination}/{application.Id}/decision",
            new { outcome = "decline", reason = "The order book does not support the repayment." });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        replies = await RepliesAsync(referral.ReferralId);
        Assert.Equal([nameof(ReferralAccepted), nameof(ReferralServiceStarted), nameof(ReferralOutcomeReported)], replies.Select(r => r.Type));
        var outcome = replies[2].Payload;
        Assert.Equal(ReferralResults.NotAchieved, outcome.GetProperty("result").GetString());
        Assert.Contains("The order book does not support the repayment.", outcome.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issued_guarantee_reports_the_referral_achieved()
    {
        var referral = Referral(Register.Add(), Loan());
        await publisher.Publish(referral, ctx => ctx.MessageId = Guid.CreateVersion7());
        var accepted = (await RepliesUntilAsync(referral.ReferralId, 1, "the referral accepted"))[0];
        var id = Guid.Parse(accepted.Payload.GetProperty("receiverReference").GetString()!);

        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        var (approved, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (disbursed, view) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1_200_000m, disbursedOn = yesterday });
        Assert.Equal(HttpStatusCode.OK, disbursed.StatusCode);
        Assert.Equal("issued", view.GetProperty("status").GetString());

        var replies = await RepliesAsync(referral.ReferralId);
        Assert.Equal([nameof(ReferralAccepted), nameof(ReferralServiceStarted), nameof(ReferralOutcomeReported)], replies.Select(r => r.Type));
        Assert.Equal(ReferralResults.Achieved, replies[2].Payload.GetProperty("result").GetString());
        Assert.Contains("CNY 1,020,000.00", replies[2].Payload.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_referral_that_cannot_become_an_application_is_declined_with_the_reason_and_creates_nothing()
    {
        var unknownBank = Referral(Register.Add(), Loan(bankId: "no-such-bank"));
        var invalidLoan = Referral(Register.Add(), Loan(termMonths: 0));
        var unregistered = Referral(StubRegister.NewUscc(), Loan());
        var noLoan = Referral(Register.Add(), null);
        var elsewhere = Referral(Register.Add(), null) with { Target = ReferralTargets.Diagnosis };
        foreach (var referral in new[] { unknownBank, invalidLoan, unregistered, noLoan, elsewhere })
        {
            await publisher.Publish(referral, ctx => ctx.MessageId = Guid.CreateVersion7());
        }

        string Reason(IReadOnlyList<(string Type, JsonElement Payload)> replies)
        {
            var declined = Assert.Single(replies);
            Assert.Equal(nameof(ReferralDeclined), declined.Type);
            return declined.Payload.GetProperty("reason").GetString()!;
        }

        Assert.Contains("not a partner bank", Reason(await RepliesUntilAsync(unknownBank.ReferralId, 1, "the unknown bank declined")), StringComparison.Ordinal);
        Assert.Contains("termMonths", Reason(await RepliesUntilAsync(invalidLoan.ReferralId, 1, "the invalid loan declined")), StringComparison.Ordinal);
        Assert.Contains("No enterprise is registered", Reason(await RepliesUntilAsync(unregistered.ReferralId, 1, "the unregistered enterprise declined")),
            StringComparison.Ordinal);
        Assert.Contains("names no loan", Reason(await RepliesUntilAsync(noLoan.ReferralId, 1, "the referral without a loan declined")), StringComparison.Ordinal);
        await Poll.UntilAsync(async () => await Bodies.CountAsync(Factory.ConnectionString,
                "SELECT count(*) FROM inbox_messages WHERE consumer = 'ReferralSentConsumer'"), n => n == 5, TimeSpan.FromSeconds(30),
            "every referral consumed");
        Assert.Empty(await RepliesAsync(elsewhere.ReferralId));
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM applications"));
    }

    [Fact]
    public async Task A_counter_application_screened_out_or_withdrawn_reports_the_referral_not_achieved_with_the_reason()
    {
        using var office = Factory.ClientFor("sme_office", subject: "office.zhao");
        using (var lowered = await office.PutAsJsonAsync("/api/guarantee/partner-agreements/huaxia-shenyang", new { startsOn = "2020-01-01", cap = 1_000_000m }))
        {
            Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        }

        var screenedOut = Referral(Register.Add(), Loan(bankId: "huaxia-shenyang"));
        var withdrawn = Referral(Register.Add(), Loan());
        await publisher.Publish(screenedOut, ctx => ctx.MessageId = Guid.CreateVersion7());
        await publisher.Publish(withdrawn, ctx => ctx.MessageId = Guid.CreateVersion7());

        var screened = await RepliesUntilAsync(screenedOut.ReferralId, 2, "the screened-out referral accepted and answered");
        Assert.Equal([nameof(ReferralAccepted), nameof(ReferralOutcomeReported)], screened.Select(r => r.Type));
        Assert.Equal(ReferralResults.NotAchieved, screened[1].Payload.GetProperty("result").GetString());
        Assert.Contains("bank cap", screened[1].Payload.GetProperty("summary").GetString(), StringComparison.Ordinal);

        var accepted = (await RepliesUntilAsync(withdrawn.ReferralId, 1, "the second referral accepted"))[0];
        var id = accepted.Payload.GetProperty("receiverReference").GetString();
        var (withdrawal, _) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/withdrawal", new { reason = "The enterprise chose another lender." });
        Assert.Equal(HttpStatusCode.OK, withdrawal.StatusCode);
        var replies = await RepliesAsync(withdrawn.ReferralId);
        Assert.Equal([nameof(ReferralAccepted), nameof(ReferralOutcomeReported)], replies.Select(r => r.Type));
        Assert.Equal(ReferralResults.NotAchieved, replies[1].Payload.GetProperty("result").GetString());
        Assert.Contains("The enterprise chose another lender.", replies[1].Payload.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }
}
