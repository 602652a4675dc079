using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Testing;
using static SmePlatform.OneStop.Tests.Integration.ReferralTestKit;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>
/// One enterprise's timeline: the register's history, cases, referrals and their replies, and the credit guarantee
/// centre's events consumed over the real RabbitMQ; newest first, paged, scoped like the register.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class TimelineTests(InfrastructureFixture infra) : OneStopBrokerTest(infra)
{
    private static string Timeline(Guid id, string query = "") => $"/api/onestop/enterprises/{id}/timeline{query}";

    private async Task<List<JsonElement>> Entries(Guid id, HttpClient? client = null) =>
        (await (client ?? Clerk).GetFromJsonAsync<JsonElement>(Timeline(id, "?limit=200"))).GetProperty("items").EnumerateArray().ToList();

    /// <summary>As the SME Office reads it: every credit detail included.</summary>
    private Task<List<JsonElement>> EntriesWhen(Guid id, Func<List<JsonElement>, bool> done, string what) =>
        Poll.UntilAsync(() => Entries(id, Admin), done, Timeout, what);

    private static List<string> Kinds(List<JsonElement> entries) => entries.Select(e => e.GetProperty("kind").GetString()!).ToList();

    private static JsonElement Kind(List<JsonElement> entries, string kind) => entries.Single(e => e.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task The_timeline_tells_the_enterprise_story_newest_first_from_every_source()
    {
        var body = new Dictionary<string, object?>
        {
            ["uscc"] = TestCodes.NewUscc(), ["name"] = "沈阳时间线测试有限公司", ["ward"] = "heping", ["industryCode"] = "C3511",
            ["employees"] = 5, ["annualRevenue"] = 100_000m, ["totalAssets"] = 50_000m, ["confirmNotDuplicate"] = true,
        };
        using var registered = await Clerk.PostAsJsonAsync("/api/onestop/enterprises", body);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var enterpriseId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        body["employees"] = 350;
        body["annualRevenue"] = 50_000_000m;
        body["totalAssets"] = 50_000_000m;
        body.Remove("confirmNotDuplicate");
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/onestop/enterprises/{enterpriseId}") { Content = JsonContent.Create(body) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            using var updated = await Clerk.SendAsync(put);
            Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        }

        var caseId = await OpenCase(Clerk, enterpriseId);
        using (var start = await Clerk.PostAsJsonAsync($"{Cases}/{caseId}/transitions", new { action = "start" }))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        var referralId = (await Refer(Clerk, caseId)).GetProperty("referral").GetProperty("id").GetGuid();
        var applicationId = Guid.CreateVersion7();
        // In the recent past, so that the deactivation below is the newest line.
        var t = DateTimeOffset.UtcNow.AddSeconds(-10);
        await Publish(new ReferralAccepted(referralId, ReferralTargets.CreditGuarantee, applicationId.ToString(), "examiner.li", t));
        await Publish(new GuaranteeApplicationSubmitted(applicationId, "bank-a", "A-1", enterpriseId, (string)body["uscc"]!, 2_000_000m, "CNY", 24, "general",
            t.AddSeconds(1)));
        await Publish(new GuaranteeApplicationStatusChanged(applicationId, "bank-a", enterpriseId, "submitted", "screening", "start_screening", t.AddSeconds(2)));
        await Publish(new GuaranteeDecided(applicationId, "bank-a", enterpriseId, "approved", 1_600_000m, 0.8m, 24_000m, 3, ["grade 3"], "examiner.li", null,
            "CGF", 1, t.AddSeconds(3)));
        await Publish(new GuaranteeIssued(applicationId, "bank-a", enterpriseId, 1_600_000m, 2_000_000m, new DateOnly(2026, 11, 20), t.AddSeconds(4)));

        var entries = await EntriesWhen(enterpriseId,
            e => Kinds(e).Contains("guarantee.issued") && Kinds(e).Contains("guarantee.decided") && Kinds(e).Contains("guarantee.application-submitted") &&
                 Kinds(e).Contains("referral.accept"),
            "the guarantee events and the acceptance on the timeline");
        await Poll.UntilAsync(() => Task.FromResult(Deliveries.Consumed<GuaranteeApplicationStatusChanged>()), n => n >= 1, Timeout, "the status change consumed");
        entries = await Entries(enterpriseId, Admin);

        var kinds = Kinds(entries);
        foreach (var expected in new[]
                 {
                     "enterprise.registered", "enterprise.updated", "case.opened", "case.start", "referral.sent", "referral.accept",
                     "guarantee.application-submitted", "guarantee.decided", "guarantee.issued",
                 })
        {
            Assert.Contains(expected, kinds);
        }

        // Not every change twice: the referral's own line says the case was referred; screening has no line of its own.
        Assert.DoesNotContain("case.refer", kinds);
        Assert.DoesNotContain(kinds, k => k.Contains("screening", StringComparison.Ordinal));

        var times = entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("summary").GetString())));

        Assert.Contains("沈阳时间线测试有限公司", Kind(entries, "enterprise.registered").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("in Heping (和平区)", Kind(entries, "enterprise.registered").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("reclassified", Kind(entries, "enterprise.updated").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(caseId.ToString(), Kind(entries, "case.opened").GetProperty("reference").GetString());
        var sent = Kind(entries, "referral.sent");
        Assert.Equal(referralId.ToString(), sent.GetProperty("reference").GetString());
        Assert.Contains("CNY 2,000,000.00", sent.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("credit-guarantee", Kind(entries, "referral.accept").GetProperty("source").GetString());
        var decided = Kind(entries, "guarantee.decided");
        Assert.Equal("credit-guarantee", decided.GetProperty("source").GetString());
        Assert.Equal(applicationId.ToString(), decided.GetProperty("reference").GetString());
        Assert.Contains("approved", decided.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("CNY 1,600,000.00", decided.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(kinds.IndexOf("guarantee.issued") < kinds.IndexOf("guarantee.decided"));

        // Deactivation is the newest line.
        using var closed = await Clerk.PostAsJsonAsync($"/api/onestop/enterprises/{enterpriseId}/deactivation", new { reason = "closure" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var after = await Entries(enterpriseId, Admin);
        Assert.Equal("enterprise.deactivated", after[0].GetProperty("kind").GetString());
        Assert.Contains("closure", after[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Milestones without an amount (business started, jobs created) are stored with a null amount: the timeline still reads.</summary>
    [Fact]
    public async Task Milestones_without_an_amount_read_on_the_timeline()
    {
        var enterpriseId = await RegisterEnterprise(Admin, "heping");
        var caseId = await OpenCase(Clerk, enterpriseId);
        var today = WorkingDayCalendar.LocalDate(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var milestone in new object[]
                 {
                     new { kind = "business-started", achievedOn = today, evidence = "营业执照" },
                     new { kind = "jobs-created", jobs = 4, achievedOn = today, evidence = "社保名单" },
                     new { kind = "capital-raised", amountCny = 300_000m, achievedOn = today, evidence = "银行回单" },
                 })
        {
            using var recorded = await Clerk.PostAsJsonAsync($"{Cases}/{caseId}/milestones", milestone);
            Assert.True(recorded.StatusCode == HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());
        }

        using var response = await Clerk.GetAsync(Timeline(enterpriseId));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var summaries = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "case.milestone").Select(e => e.GetProperty("summary").GetString()).ToList();
        Assert.Contains($"Milestone: the business started ({today}).", summaries);
        Assert.Contains($"Milestone: 4 jobs created ({today}).", summaries);
        Assert.Contains($"Milestone: CNY 300,000.00 of capital raised ({today}).", summaries);
    }

    /// <summary>
    /// Credit details are for examiners, the SME Office and administrators; counter staff, intermediaries and advisors
    /// see that a guarantee was applied for and whether it was issued or declined, nothing more (docs/security.md).
    /// </summary>
    [Fact]
    public async Task Credit_details_are_shown_to_those_who_need_them_and_the_outline_to_everyone_else()
    {
        var enterpriseId = await RegisterEnterprise(Admin, "heping");
        var caseId = await OpenCase(Clerk, enterpriseId);
        await Refer(Clerk, caseId, note: "贷款 200 万用于设备");
        var issuedId = Guid.CreateVersion7();
        var declinedId = Guid.CreateVersion7();
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Publish(new GuaranteeApplicationSubmitted(issuedId, "bank-a", "A-1", enterpriseId, TestCodes.NewUscc(), 2_000_000m, "CNY", 24, "general", t));
        await Publish(new GuaranteeApplicationSubmitted(declinedId, "bank-b", "B-1", enterpriseId, TestCodes.NewUscc(), 900_000m, "CNY", 12, "general",
            t.AddSeconds(1)));
        await Publish(new GuaranteeDecided(declinedId, "bank-b", enterpriseId, "declined", null, null, null, null, ["debt ratio 92%"], "screening", null, "CGF",
            1, t.AddSeconds(2)));
        await Publish(new GuaranteeDecided(issuedId, "bank-a", enterpriseId, "approved", 1_600_000m, 0.8m, 24_000m, 3, ["grade 3"], "examiner.li", null,
            "CGF", 1, t.AddSeconds(3)));
        await Publish(new GuaranteeIssued(issuedId, "bank-a", enterpriseId, 1_600_000m, 2_000_000m, new DateOnly(2026, 11, 20), t.AddSeconds(4)));
        await Publish(new GuaranteeDefaulted(issuedId, "bank-a", enterpriseId, 95, 90, 1_200_000m, 1_600_000m, t.AddSeconds(5)));
        await Publish(new GuaranteeClaimPaid(issuedId, "bank-a", enterpriseId, 960_000m, "examiner.li", t.AddSeconds(6)));
        await Publish(new GuaranteeApplicationStatusChanged(issuedId, "bank-a", enterpriseId, "claim_paid", "closed", "close", t.AddSeconds(7)));

        string[] credit = ["guarantee.application-submitted", "guarantee.decided", "guarantee.issued", "guarantee.defaulted", "guarantee.claim-paid",
            "guarantee.closed"];
        using var examiner = Factory.CreateClient().WithToken(TestTokens.Issue("examiner"));
        var full = await Poll.UntilAsync(() => Entries(enterpriseId, examiner), e => credit.All(Kinds(e).Contains) && Kinds(e).Count(k => k == "guarantee.decided") == 2,
            Timeout, "every credit line on the timeline");

        foreach (var role in new[] { "examiner", "sme_office", "admin" })
        {
            using var client = Factory.CreateClient().WithToken(TestTokens.Issue(role));
            var entries = await Entries(enterpriseId, client);
            Assert.Equal(full.Select(e => e.ToString()), entries.Select(e => e.ToString()));
            Assert.Contains("CNY 960,000.00", Kind(entries, "guarantee.claim-paid").GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.Contains("CNY 2,000,000.00", Kind(entries, "referral.sent").GetProperty("summary").GetString(), StringComparison.Ordinal);
        }

        foreach (var (role, ward) in new[] { ("counter_staff", "heping"), ("intermediary", (string?)null), ("advisor", null) })
        {
            using var client = Factory.CreateClient().WithToken(TestTokens.Issue(role, ward));
            var entries = await Entries(enterpriseId, client);
            var creditLines = entries.Where(e => e.GetProperty("source").GetString() == "credit-guarantee" ||
                                                 e.GetProperty("kind").GetString()!.StartsWith("guarantee.", StringComparison.Ordinal)).ToList();
            Assert.Equal(
                ["The guarantee was issued.", "The guarantee was declined.", "A guarantee was applied for.", "A guarantee was applied for."],
                creditLines.Select(e => e.GetProperty("summary").GetString()));
            var everything = string.Join("\n", entries.Select(e => e.ToString()));
            foreach (var secret in new[] { "CNY", "bank-a", "bank-b", "debt ratio", "贷款", "default", "claim", "months" })
            {
                Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
            }

            var sent = Kind(entries, "referral.sent").GetProperty("summary").GetString()!;
            Assert.StartsWith("Referred to credit-guarantee by ", sent, StringComparison.Ordinal);
            Assert.EndsWith(".", sent, StringComparison.Ordinal);
            Assert.DoesNotContain(":", sent, StringComparison.Ordinal);

            // Pages of the outline follow each other without gaps or repeats, though lines are left out between them.
            var paged = new List<string>();
            string? before = null;
            do
            {
                var page = await client.GetFromJsonAsync<JsonElement>(Timeline(enterpriseId, "?limit=1" + (before is null ? "" : "&before=" + Uri.EscapeDataString(before))));
                paged.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.ToString()));
                before = page.TryGetProperty("nextBefore", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
            while (before is not null && paged.Count < 100);

            Assert.Equal(entries.Select(e => e.ToString()), paged);
        }
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var enterpriseId = await RegisterEnterprise(Admin, "heping");
        for (var i = 0; i < 3; i++)
        {
            var caseId = await OpenCase(Clerk, enterpriseId);
            await Refer(Clerk, caseId, "diagnosis");
        }

        var all = await Entries(enterpriseId);
        Assert.True(all.Count >= 7, $"{all.Count} entries");

        var paged = new List<JsonElement>();
        string? before = null;
        var pages = 0;
        do
        {
            var page = await Clerk.GetFromJsonAsync<JsonElement>(Timeline(enterpriseId, "?limit=2" + (before is null ? "" : "&before=" + Uri.EscapeDataString(before))));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            paged.AddRange(items);
            before = page.TryGetProperty("nextBefore", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (before is not null && pages < 50);

        Assert.Equal(all.Select(e => e.ToString()), paged.Select(e => e.ToString()));

        // An instant works as a cursor too: everything strictly before it.
        var middle = all[3].GetProperty("at").GetDateTimeOffset();
        var older = (await Clerk.GetFromJsonAsync<JsonElement>(Timeline(enterpriseId, "?before=" + Uri.EscapeDataString(middle.ToString("O")))))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(all.Where(e => e.GetProperty("at").GetDateTimeOffset() < middle).Select(e => e.ToString()), older.Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_guarantee_event_delivered_twice_is_one_line()
    {
        var enterpriseId = await RegisterEnterprise(Admin, "heping");
        var messageId = Guid.CreateVersion7();
        var submitted = new GuaranteeApplicationSubmitted(Guid.CreateVersion7(), "bank-b", "B-9", enterpriseId, "91210102MA0000000X", 500_000m, "CNY", 12,
            "general", DateTimeOffset.UtcNow);

        await Publish(submitted, messageId);
        await Publish(submitted, messageId);
        await Poll.UntilAsync(() => Task.FromResult(Deliveries.Consumed<GuaranteeApplicationSubmitted>()), n => n >= 2, Timeout, "both deliveries consumed");

        Assert.Single(await Entries(enterpriseId), e => e.GetProperty("kind").GetString() == "guarantee.application-submitted");
        Assert.Equal(0, Deliveries.Faults);
    }

    [Fact]
    public async Task A_status_change_without_a_line_costs_no_transaction_and_one_with_a_line_is_recorded_once()
    {
        var enterpriseId = await RegisterEnterprise(Admin, "heping");
        var applicationId = Guid.CreateVersion7();
        var screening = new GuaranteeApplicationStatusChanged(applicationId, "bank-c", enterpriseId, "submitted", "screening", "start_screening",
            DateTimeOffset.UtcNow.AddSeconds(-2));
        var withdrawn = new GuaranteeApplicationStatusChanged(applicationId, "bank-c", enterpriseId, "under_examination", "withdrawn", "withdraw",
            DateTimeOffset.UtcNow.AddSeconds(-1));
        var screeningId = Guid.CreateVersion7();
        var withdrawnId = Guid.CreateVersion7();

        await Publish(screening, screeningId);
        await Publish(withdrawn, withdrawnId);
        await Publish(withdrawn, withdrawnId);
        await Poll.UntilAsync(() => Task.FromResult(Deliveries.Consumed<GuaranteeApplicationStatusChanged>()), n => n >= 3, Timeout,
            "the three deliveries consumed");

        Assert.Single(await Entries(enterpriseId, Admin), e => e.GetProperty("kind").GetString() == "guarantee.withdrawn");
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var recorded = (await db.QueryAsync<Guid>("SELECT message_id FROM inbox_messages WHERE message_id = ANY(@ids)",
            new { ids = new[] { screeningId, withdrawnId } })).ToList();
        Assert.Equal([withdrawnId], recorded);
        Assert.Equal(0, Deliveries.Faults);
    }

    [Fact]
    public async Task The_timeline_is_read_like_the_register_and_refuses_bad_paging()
    {
        var enterpriseId = await RegisterEnterprise(Admin, "heping");

        foreach (var role in new[] { "examiner", "intermediary", "advisor", "sme_office", "admin" })
        {
            using var client = Factory.CreateClient().WithToken(TestTokens.Issue(role));
            Assert.NotEmpty(await Entries(enterpriseId, client));
        }

        using var dadong = Factory.CreateClient().WithToken(TestTokens.Issue("counter_staff", "dadong"));
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.GetAsync(Timeline(enterpriseId))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clerk.GetAsync(Timeline(Guid.CreateVersion7()))).StatusCode);
        foreach (var role in new[] { "bank", "service" })
        {
            using var client = Factory.CreateClient().WithToken(TestTokens.Issue(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Timeline(enterpriseId))).StatusCode);
        }

        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Timeline(enterpriseId))).StatusCode);

        foreach (var (query, field) in new[] { ("?before=yesterday", "before"), ("?before=t1.%21%21", "before"), ("?limit=0", "limit"), ("?limit=201", "limit") })
        {
            using var response = await Clerk.GetAsync(Timeline(enterpriseId, query));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }
}
