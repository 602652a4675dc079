using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>
/// Caps under concurrency (docs/adr/0010-guarantee-caps-under-concurrency.md): many examiners approve at the same
/// moment, over separate HTTP requests and so separate database connections, applications whose guaranteed amounts
/// together exceed a cap. The approved sum never exceeds it, and every refused approval is a 409 naming the cap.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CapConcurrencyTests(Testing.InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string Examination = "/api/guarantee/applications";
    private const int Applications = 8;

    /// <summary>Worked example 2: a CNY 1,200,000 loan, CNY 1,020,000 guaranteed.</summary>
    private const decimal Guaranteed = 1_020_000m;

    /// <summary>Applications of different enterprises, each assigned to its own examiner, all under examination.</summary>
    private async Task<IReadOnlyList<(Guid Id, HttpClient Examiner)>> ReadyToApproveAsync()
    {
        var ready = new List<(Guid, HttpClient)>();
        for (var i = 0; i < Applications; i++)
        {
            var (submitted, application) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            Assert.Equal("under_examination", application.GetProperty("status").GetString());
            var id = application.GetProperty("id").GetGuid();
            var examiner = Factory.ClientFor("examiner", subject: $"examiner.c{i}");
            Assert.Equal(HttpStatusCode.OK, (await examiner.PostJsonAsync($"{Examination}/{id}/assignment", new { })).Response.StatusCode);
            ready.Add((id, examiner));
        }

        return ready;
    }

    private static async Task<IReadOnlyList<(HttpStatusCode Status, JsonElement Body)>> ApproveAllAtOnceAsync(IReadOnlyList<(Guid Id, HttpClient Examiner)> ready)
    {
        using var start = new SemaphoreSlim(0);
        var approvals = ready.Select(async r =>
        {
            await start.WaitAsync();
            var (response, body) = await r.Examiner.PostJsonAsync($"{Examination}/{r.Id}/decision", new { outcome = "approve" });
            return (response.StatusCode, body);
        }).ToList();
        start.Release(ready.Count);
        return await Task.WhenAll(approvals);
    }

    private async Task<decimal> ApprovedSumAsync()
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return await db.ExecuteScalarAsync<decimal>("SELECT coalesce(sum(guaranteed_amount), 0) FROM applications WHERE state = 'approved'");
    }

    private static void AssertRefusedNaming(IEnumerable<(HttpStatusCode Status, JsonElement Body)> refused, string rule, string words)
    {
        foreach (var (status, body) in refused)
        {
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Equal("decision.limits", body.GetProperty("code").GetString());
            Assert.Contains(rule, body.GetProperty("failedRules").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains(words, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Examiners_approving_at_the_same_moment_never_together_breach_the_bank_cap()
    {
        const decimal Cap = 3_500_000m;
        using var office = Factory.ClientFor("sme_office", subject: "office.zhao");
        using (var amended = await office.PutAsJsonAsync("/api/guarantee/partner-agreements/ccb-shenyang", new { startsOn = "2020-01-01", cap = Cap }))
        {
            Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        }

        var ready = await ReadyToApproveAsync();
        var results = await ApproveAllAtOnceAsync(ready);

        var approved = results.Count(r => r.Status == HttpStatusCode.OK);
        Assert.Equal((int)(Cap / Guaranteed), approved);
        Assert.True(await ApprovedSumAsync() <= Cap);
        Assert.Equal(approved * Guaranteed, await ApprovedSumAsync());
        AssertRefusedNaming(results.Where(r => r.Status != HttpStatusCode.OK), "limit.bank_cap", "bank cap");
    }

    [Fact]
    public async Task Examiners_approving_at_the_same_moment_never_together_breach_the_funds_leverage()
    {
        // Capacity CNY 3,000,000 (capital 2,000,000 × 1.5): two guarantees of CNY 1,020,000 fit, a third does not.
        using var office = Factory.ClientFor("sme_office", subject: "office.zhao");
        using var read = await office.GetAsync("/api/guarantee/configuration");
        var document = JsonNode.Parse(await read.Content.ReadAsStringAsync())!["configuration"]!.AsObject();
        document.Remove("partnerAgreements");
        document.Remove("effectiveFrom");
        document["fund"] = new JsonObject { ["capital"] = 2_000_000m, ["leverageMultiple"] = 1.5m, ["enterpriseCeiling"] = 2_000_000m };
        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/guarantee/configuration") { Content = JsonContent.Create(document) };
        publish.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        using (var published = await office.SendAsync(publish))
        {
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        }

        var ready = await ReadyToApproveAsync();
        var results = await ApproveAllAtOnceAsync(ready);

        Assert.Equal(2, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.True(await ApprovedSumAsync() <= 3_000_000m);
        AssertRefusedNaming(results.Where(r => r.Status != HttpStatusCode.OK), "limit.fund_leverage", "leverage limit");
    }
}
