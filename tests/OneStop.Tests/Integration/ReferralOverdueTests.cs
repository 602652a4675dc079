using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmePlatform.OneStop.Application.Referrals;
using SmePlatform.Testing;
using static SmePlatform.OneStop.Tests.Integration.ReferralTestKit;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>
/// The acceptance timer and the overdue list, with the app's clock moved by hand: one alert per referral nobody
/// accepted within two working days, never repeated, never doubled by a second instance.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ReferralOverdueTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private const string Overdue = "/api/onestop/referrals/overdue";
    private readonly ManualClock clock = new(DateTimeOffset.UtcNow);
    private readonly List<OneStopFactory> factories = [];
    private readonly List<HttpClient> clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        foreach (var factory in factories)
        {
            await factory.DisposeAsync();
        }
    }

    private async Task<OneStopFactory> Start(bool timer = false)
    {
        var factory = new OneStopFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, builder =>
        {
            builder.UseSetting("Referrals:TimerEnabled", timer ? "true" : "false");
            builder.UseSetting("Referrals:TimerFirstRunAfter", "00:00:00.100");
            builder.UseSetting("Referrals:TimerInterval", "00:00:00.200");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        });
        factories.Add(factory);
        return factory;
    }

    /// <summary>Tokens valid for a month: the app's clock moves days ahead of the real one.</summary>
    private HttpClient As(OneStopFactory factory, string? role, string? ward = null)
    {
        var client = factory.CreateClient();
        if (role is not null)
        {
            client.WithToken(TestTokens.Issue(role, ward, lifetime: TimeSpan.FromDays(30)));
        }

        clients.Add(client);
        return client;
    }

    private async Task<(Guid CaseId, Guid ReferralId, DateTimeOffset DueBy)> Referral(OneStopFactory factory, string target = "diagnosis")
    {
        var clerk = As(factory, "counter_staff", "heping");
        var caseId = await OpenCase(clerk, await RegisterEnterprise(As(factory, "admin"), "heping"));
        var referral = (await Refer(clerk, caseId, target)).GetProperty("referral");
        var sentAt = referral.GetProperty("sentAt").GetDateTimeOffset();
        var due = WorkingDayCalendar.China2025.Deadline(sentAt, 2).DueBy;
        Assert.Equal(due, referral.GetProperty("acceptanceDueBy").GetDateTimeOffset());
        return (caseId, referral.GetProperty("id").GetGuid(), due);
    }

    private static async Task<List<Guid>> Ids(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync(Overdue + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        return list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
    }

    [Fact]
    public async Task Nobody_accepting_within_two_working_days_raises_one_alert_and_lists_the_referral()
    {
        var factory = await Start();
        var timer = factory.Services.GetRequiredService<ReferralAcceptanceTimer>();
        var (caseId, referralId, due) = await Referral(factory);
        var clerk = As(factory, "counter_staff", "heping");

        clock.Set(due.AddMinutes(-1));
        Assert.Equal(0, await timer.RunOnceAsync(CancellationToken.None));
        Assert.Empty(await Ids(clerk));

        clock.Set(due);
        Assert.Equal(1, await timer.RunOnceAsync(CancellationToken.None));
        clock.Set(due.AddDays(3));
        Assert.Equal(0, await timer.RunOnceAsync(CancellationToken.None));

        var alert = Assert.Single(await Outbox(factory.ConnectionString, "ReferralAcceptanceOverdue"));
        Assert.Equal(referralId, alert.GetProperty("referralId").GetGuid());
        Assert.Equal(caseId, alert.GetProperty("caseId").GetGuid());
        Assert.Equal("heping", alert.GetProperty("ward").GetString());
        Assert.Equal("diagnosis", alert.GetProperty("target").GetString());
        Assert.Equal(2, alert.GetProperty("acceptanceWorkingDays").GetInt32());
        Assert.Equal(due, alert.GetProperty("dueBy").GetDateTimeOffset());
        Assert.Equal([("referral.sent", "counter_staff.heping"), ("referral.acceptance-overdue", "system:onestop")],
            await Audit(factory.ConnectionString, "referral", referralId));

        var listed = (await clerk.GetFromJsonAsync<JsonElement>(Overdue)).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(referralId, listed.GetProperty("id").GetGuid());
        Assert.True(listed.GetProperty("acceptanceOverdue").GetBoolean());
        Assert.Equal(due, listed.GetProperty("acceptanceOverdueAlertedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_overdue_list_is_scoped_like_cases_and_refuses_bad_input()
    {
        var factory = await Start();
        var (_, referralId, due) = await Referral(factory);
        clock.Set(due);

        Assert.Equal([referralId], await Ids(As(factory, "counter_staff", "heping")));
        Assert.Empty(await Ids(As(factory, "counter_staff", "dadong")));
        Assert.Empty(await Ids(As(factory, "counter_staff", "dadong"), "?ward=heping"));
        Assert.Equal([referralId], await Ids(As(factory, "sme_office")));
        Assert.Equal([referralId], await Ids(As(factory, "sme_office"), "?ward=heping"));
        Assert.Empty(await Ids(As(factory, "sme_office"), "?ward=dadong"));
        Assert.Equal([referralId], await Ids(As(factory, "admin"), "?ward=heping&limit=10"));

        foreach (var role in new[] { "examiner", "intermediary", "advisor", "bank", "service" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await As(factory, role).GetAsync(Overdue)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await As(factory, null).GetAsync(Overdue)).StatusCode);
        using var badWard = await As(factory, "sme_office").GetAsync(Overdue + "?ward=atlantis");
        Assert.Equal(HttpStatusCode.BadRequest, badWard.StatusCode);
        Assert.True((await badWard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("ward", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await As(factory, "sme_office").GetAsync(Overdue + "?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Cancelled_and_accepted_referrals_are_never_alerted()
    {
        var factory = await Start();
        var timer = factory.Services.GetRequiredService<ReferralAcceptanceTimer>();
        var (cancelledCase, cancelled, due) = await Referral(factory);
        var (_, waiting, _) = await Referral(factory);
        using (var cancel = await As(factory, "counter_staff", "heping").PostAsJsonAsync(
                   $"{Cases}/{cancelledCase}/referrals/{cancelled}/cancellation", new { reason = "企业撤回申请" }))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        clock.Set(due.AddDays(7));
        Assert.Equal(1, await timer.RunOnceAsync(CancellationToken.None));
        Assert.Equal([waiting], (await Outbox(factory.ConnectionString, "ReferralAcceptanceOverdue")).Select(e => e.GetProperty("referralId").GetGuid()));
    }

    [Fact]
    public async Task Two_instances_running_at_once_alert_each_referral_once()
    {
        var factory = await Start();
        var referrals = new List<Guid>();
        var due = DateTimeOffset.MinValue;
        for (var i = 0; i < 6; i++)
        {
            var (_, id, dueBy) = await Referral(factory, i % 2 == 0 ? "diagnosis" : "partnership-matching");
            referrals.Add(id);
            due = dueBy > due ? dueBy : due;
        }

        clock.Set(due);
        var timers = Enumerable.Range(0, 4).Select(_ => ActivatorUtilities.CreateInstance<ReferralAcceptanceTimer>(factory.Services)).ToList();
        var counts = await Task.WhenAll(timers.Select(t => Task.Run(() => t.RunOnceAsync(CancellationToken.None))));

        Assert.Equal(6, counts.Sum());
        Assert.Equal(referrals.Order(), (await Outbox(factory.ConnectionString, "ReferralAcceptanceOverdue")).Select(e => e.GetProperty("referralId").GetGuid()).Order());
    }

    [Fact]
    public async Task The_hosted_timer_runs_soon_after_start_and_alerts_without_being_called()
    {
        var factory = await Start(timer: true);
        var (caseId, referralId, due) = await Referral(factory);
        clock.Set(due.AddHours(1));

        var clerk = As(factory, "counter_staff", "heping");
        var alerted = await Poll.UntilAsync(async () => (await Referrals(clerk, caseId)).EnumerateArray().Single(),
            r => r.TryGetProperty("acceptanceOverdueAlertedAt", out var at) && at.ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30),
            "the timer to alert the referral");
        Assert.Equal(due.AddHours(1), alerted.GetProperty("acceptanceOverdueAlertedAt").GetDateTimeOffset());
        Assert.Equal(referralId, Assert.Single(await Outbox(factory.ConnectionString, "ReferralAcceptanceOverdue")).GetProperty("referralId").GetGuid());
    }
}
