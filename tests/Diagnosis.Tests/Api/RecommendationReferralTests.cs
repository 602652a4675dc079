using System.Net;
using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using SmePlatform.Contracts.Referrals;

namespace SmePlatform.Diagnosis.Tests.Api;

/// <summary>
/// A recommendation referred through the one-stop centre: who may, what is refused before the centre is asked, a centre
/// that is away (503, nothing changed), and the replies that move the recommendation's referral, over the real RabbitMQ.
/// The referral reaching the counter and the receiver is proven through the gateway (Platform.Tests, RecommendationReferralTests).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RecommendationReferralTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private static object GuaranteeBody => new
    {
        note = "Cash-flow coaching first, then the guarantee.",
        loanRequest = new { bankId = "ccb-shenyang", loanAmount = 500_000m, termMonths = 12, purpose = "working_capital" },
    };

    private async Task<(Guid Id, string Programme)> RecommendedAsync()
    {
        var diagnosis = await DiagnoseAsync(Guid.CreateVersion7());
        var programme = diagnosis.GetProperty("recommendations").EnumerateArray().First().GetProperty("programme").GetString()!;
        return (diagnosis.GetProperty("id").GetGuid(), programme);
    }

    private static string Path(Guid id, string programme) => $"/diagnoses/{id}/recommendations/{programme}/referral";

    private async Task SeedAsync(Guid referralId, Guid diagnosisId, string programme, string state)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        await db.ExecuteAsync(
            """
            INSERT INTO recommendation_referrals (referral_id, diagnosis_id, programme, target, case_id, state, requested_by, requested_at, updated_at)
            VALUES (@referralId, @diagnosisId, @programme, 'credit-guarantee', @caseId, @state, 'advisor.wang', @at, @at)
            """,
            new { referralId, diagnosisId, programme, caseId = Guid.CreateVersion7(), state, at = DiagnosisFactory.Start });
    }

    [Fact]
    public async Task Only_advisors_refer_unknown_diagnoses_and_programmes_are_not_found_and_an_open_referral_is_not_sent_twice()
    {
        var (id, programme) = await RecommendedAsync();
        foreach (var (role, ward) in new[] { ("counter_staff", "tiexi"), ("sme_office", (string?)null), ("intermediary", null), ("examiner", null) })
        {
            using var other = Factory.As(role, ward);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(other, Path(id, programme), GuaranteeBody)).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(Advisor, Path(Guid.CreateVersion7(), programme), GuaranteeBody)).Response.StatusCode);
        var (unknown, unknownBody) = await PostAsync(Advisor, Path(id, "no-such-programme"), GuaranteeBody);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("The diagnosis does not recommend this programme.", unknownBody.GetProperty("title").GetString());

        var open = Guid.CreateVersion7();
        await SeedAsync(open, id, programme, "accepted");
        var (conflict, conflictBody) = await PostAsync(Advisor, Path(id, programme), GuaranteeBody);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(("recommendation-referral-open", open.ToString()),
            (conflictBody.GetProperty("code").GetString(), conflictBody.GetProperty("referralId").GetString()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM recommendation_referrals"));
    }

    [Fact]
    public async Task When_the_one_stop_centre_is_away_the_advisor_is_told_to_retry_and_nothing_changes()
    {
        var (id, programme) = await RecommendedAsync();

        var (response, body) = await PostAsync(Advisor, Path(id, programme), GuaranteeBody);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("onestop-unavailable", body.GetProperty("code").GetString());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM recommendation_referrals"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'recommendation.referred'"));
        var (_, diagnosis) = await GetAsync(Advisor, $"/diagnoses/{id}");
        Assert.All(diagnosis.GetProperty("recommendations").EnumerateArray(),
            r => Assert.Equal(JsonValueKind.Null, r.TryGetProperty("referral", out var referral) ? referral.ValueKind : JsonValueKind.Null));
    }

    [Fact]
    public async Task Replies_move_the_recommendations_referral_forward_once_and_replies_to_other_referrals_change_nothing()
    {
        var (id, programme) = await RecommendedAsync();
        var referralId = Guid.CreateVersion7();
        await SeedAsync(referralId, id, programme, "sent");
        using var anonymous = Factory.Anonymous();
        await Poll.UntilAsync(async () => (await anonymous.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "Diagnosis ready");
        var counter = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(Factory.VirtualHost.Host, (ushort)Factory.VirtualHost.Port, Factory.VirtualHost.Name, h =>
        {
            h.Username(Factory.VirtualHost.Username);
            h.Password(Factory.VirtualHost.Password);
        }));
        await counter.StartAsync();
        try
        {
            var outcomeId = Guid.CreateVersion7();
            var outcome = new ReferralOutcomeReported(referralId, ReferralTargets.CreditGuarantee, ReferralResults.Achieved, "Guarantee issued for CNY 500,000.",
                "application-7", DiagnosisFactory.Start.AddDays(9));
            await counter.Publish(new ReferralAccepted(referralId, ReferralTargets.CreditGuarantee, "application-7", "examiner.li", DiagnosisFactory.Start.AddDays(1)),
                c => c.MessageId = Guid.CreateVersion7());
            await counter.Publish(outcome, c => c.MessageId = outcomeId);
            await counter.Publish(outcome, c => c.MessageId = outcomeId);
            await counter.Publish(new ReferralDeclined(Guid.CreateVersion7(), ReferralTargets.CreditGuarantee, "Not ours.", "examiner.li", DiagnosisFactory.Start),
                c => c.MessageId = Guid.CreateVersion7());

            JsonElement referral = default;
            await Poll.UntilAsync(async () =>
            {
                var (_, diagnosis) = await GetAsync(Advisor, $"/diagnoses/{id}");
                referral = diagnosis.GetProperty("recommendations").EnumerateArray().First(r => r.GetProperty("programme").GetString() == programme)
                    .GetProperty("referral");
                return referral.GetProperty("state").GetString() == "achieved";
            }, TimeSpan.FromSeconds(30), "the outcome to reach the recommendation");

            Assert.Equal(("Guarantee issued for CNY 500,000.", "application-7", referralId),
                (referral.GetProperty("summary").GetString(), referral.GetProperty("receiverReference").GetString(), referral.GetProperty("id").GetGuid()));
            Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'recommendation.referral.achieved'"));

            // A late acceptance never moves an ended referral back.
            await counter.Publish(new ReferralAccepted(referralId, ReferralTargets.CreditGuarantee, "application-7", "examiner.li", DiagnosisFactory.Start.AddDays(10)),
                c => c.MessageId = Guid.CreateVersion7());
            await Poll.UntilAsync(async () => await CountAsync("SELECT count(*) FROM inbox_messages WHERE consumer = 'RequestedReferralAcceptedConsumer'") == 2,
                TimeSpan.FromSeconds(30), "the late acceptance to be handled");
            Assert.Equal(1, await CountAsync("SELECT count(*) FROM recommendation_referrals WHERE state = 'achieved'"));
        }
        finally
        {
            await counter.StopAsync();
        }
    }
}
