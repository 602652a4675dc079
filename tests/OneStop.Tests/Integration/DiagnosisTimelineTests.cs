using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Contracts.Diagnosis;
using SmePlatform.Testing;
using static SmePlatform.OneStop.Tests.Integration.ReferralTestKit;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>
/// A completed diagnosis on the enterprise's timeline, consumed over the real RabbitMQ: kind, rank, bands, advisor and
/// date, never a figure; read by the enterprise's ward and city-wide staff, never by another ward's counter.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class DiagnosisTimelineTests(InfrastructureFixture infra) : OneStopBrokerTest(infra)
{
    private static string Timeline(Guid id) => $"/api/onestop/enterprises/{id}/timeline?limit=200";

    private static async Task<List<JsonElement>> DiagnosisLines(HttpClient client, Guid enterpriseId) =>
        (await client.GetFromJsonAsync<JsonElement>(Timeline(enterpriseId))).GetProperty("items").EnumerateArray()
        .Where(e => e.GetProperty("kind").GetString() == "diagnosis.completed").ToList();

    private static DiagnosisCompleted Completed(Guid enterpriseId, string ward, string kind, string? band, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), enterpriseId, 2, ward, kind, 2025, "B", "B", band, null, "advisor.wang", at);

    [Fact]
    public async Task A_diagnosis_delivered_twice_is_one_line_with_rank_bands_advisor_and_date_for_the_ward()
    {
        var enterpriseId = await RegisterEnterprise(Admin, "heping");
        // 23:30 UTC is the next morning in Shenyang: the line is dated as the city reads it.
        var completed = Completed(enterpriseId, "heping", "full", "A", new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero));
        var messageId = Guid.CreateVersion7();

        await Publish(completed, messageId);
        await Publish(completed, messageId);
        await Poll.UntilAsync(() => Task.FromResult(Deliveries.Consumed<DiagnosisCompleted>()), n => n >= 2, Timeout, "both deliveries consumed");

        var line = Assert.Single(await DiagnosisLines(Clerk, enterpriseId));
        Assert.Equal("diagnosis", line.GetProperty("source").GetString());
        Assert.Equal(completed.DiagnosisId.ToString(), line.GetProperty("reference").GetString());
        Assert.Equal(completed.OccurredAt, line.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("Full diagnosis no. 2 (fiscal year 2025) by advisor.wang on 2026-12-01: rank B, pre-sort group B, management assessment band A.",
            line.GetProperty("summary").GetString());
        Assert.Equal(0, Deliveries.Faults);

        foreach (var role in new[] { "advisor", "examiner", "sme_office" })
        {
            using var client = Factory.CreateClient().WithToken(TestTokens.Issue(role));
            Assert.Single(await DiagnosisLines(client, enterpriseId));
        }

        // Another ward's counter learns nothing, not even that the enterprise exists.
        using var dadong = Factory.CreateClient().WithToken(TestTokens.Issue("counter_staff", "dadong"));
        using var refused = await dadong.GetAsync(Timeline(enterpriseId));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.DoesNotContain("advisor.wang", body, StringComparison.Ordinal);
        Assert.DoesNotContain("rank", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_quick_diagnosis_says_so_and_another_wards_diagnosis_stays_in_its_ward()
    {
        var heping = await RegisterEnterprise(Admin, "heping");
        var dadong = await RegisterEnterprise(Admin, "dadong");
        await Publish(Completed(heping, "heping", "quick", null, DateTimeOffset.UtcNow.AddMinutes(-1)));
        await Publish(Completed(dadong, "dadong", "quick", null, DateTimeOffset.UtcNow.AddMinutes(-1)));
        await Poll.UntilAsync(() => Task.FromResult(Deliveries.Consumed<DiagnosisCompleted>()), n => n >= 2, Timeout, "both diagnoses consumed");

        var summary = Assert.Single(await DiagnosisLines(Clerk, heping)).GetProperty("summary").GetString()!;
        Assert.StartsWith("Quick diagnosis no. 2 (fiscal year 2025) by advisor.wang on ", summary, StringComparison.Ordinal);
        Assert.EndsWith(": rank B, pre-sort group B.", summary, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await Clerk.GetAsync(Timeline(dadong))).StatusCode);
        using var dadongClerk = Factory.CreateClient().WithToken(TestTokens.Issue("counter_staff", "dadong"));
        Assert.Single(await DiagnosisLines(dadongClerk, dadong));
        Assert.Equal(HttpStatusCode.NotFound, (await dadongClerk.GetAsync(Timeline(heping))).StatusCode);
    }
}
