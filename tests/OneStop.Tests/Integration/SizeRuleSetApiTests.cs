using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SmePlatform.OneStop.Application.SizeRuleSets;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.Testing;
using Xunit.Abstractions;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>Publishing size rule set versions and the background reclassification of the register they start.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SizeRuleSetApiTests : OneStopApiTest
{
    private const string RuleSets = "/api/onestop/size-rule-sets";
    private const string Enterprises = "/api/onestop/enterprises";

    private readonly RabbitMqServer rabbitMq;
    private readonly ITestOutputHelper output;

    public SizeRuleSetApiTests(InfrastructureFixture infra, ITestOutputHelper output)
        : base(infra)
    {
        rabbitMq = infra.RabbitMq;
        this.output = output;
    }

    /// <summary>CN-2003 with the industry sector's medium lower limit on employees lowered from 300 to 100.</summary>
    internal static SizeRuleSet Version2()
    {
        var v1 = SizeRuleSets.China2003;
        var industry = v1.Sectors[0];
        var medium = industry.Boundaries[0];
        var lowered = medium with { Thresholds = [medium.Thresholds[0] with { Value = 100 }, .. medium.Thresholds.Skip(1)] };
        return v1 with
        {
            Version = 2,
            Name = v1.Name + " (test: industry medium from 100 employees)",
            Sectors = [industry with { Boundaries = [lowered, .. industry.Boundaries.Skip(1)] }, .. v1.Sectors.Skip(1)],
        };
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Json(SizeRuleSet ruleSet) => Json(SizeRuleSetJson.Serialize(ruleSet));

    private async Task<Guid> Register(string industry, int employees, decimal revenue, decimal assets, string name)
    {
        using var response = await Clerk.PostAsJsonAsync(Enterprises, new
        {
            uscc = TestCodes.NewUscc(), name, ward = "heping", industryCode = industry, employees, annualRevenue = revenue, totalAssets = assets,
            confirmNotDuplicate = true,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<JsonElement> Progress(HttpClient client, int version, string status) => Poll.UntilAsync(
        () => client.GetFromJsonAsync<JsonElement>($"{RuleSets}/{version}/reclassification"),
        p => p.GetProperty("status").GetString() == status, TimeSpan.FromSeconds(60), $"reclassification v{version} {status}");

    [Fact]
    public async Task Publishing_a_version_makes_it_current_and_one_job_reclassifies_the_register_with_events_only_for_changed_classes()
    {
        var grows = await Register("C3511", 120, 45_000_000m, 50_000_000m, "沈阳变大机械有限公司");      // small → medium
        var stays = await Register("C3511", 10, 1_000_000m, 800_000m, "沈阳不变五金有限公司");            // small → small
        var uncovered = await Register("K7010", 5, 500_000m, 400_000m, "沈阳不覆盖物业有限公司");          // not covered either way
        var closed = await Register("C3511", 150, 45_000_000m, 50_000_000m, "沈阳已关闭机械有限公司");      // deactivated: kept as it was
        Assert.Equal(HttpStatusCode.OK, (await Clerk.PostAsJsonAsync($"{Enterprises}/{closed}/deactivation", new { reason = "closure" })).StatusCode);

        using var office = As("sme_office");
        using var published = await office.PostAsync(RuleSets, Json(Version2()));
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal($"{RuleSets}/2", published.Headers.Location!.OriginalString);
        var body = await published.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("ruleSet").GetProperty("isCurrent").GetBoolean());
        Assert.Equal(4, body.GetProperty("reclassification").GetProperty("total").GetInt32());

        var done = await Progress(office, 2, "completed");
        Assert.Equal(4, done.GetProperty("processed").GetInt32());
        Assert.Equal(3, done.GetProperty("reclassified").GetInt32());
        Assert.Equal(1, done.GetProperty("changed").GetInt32());
        Assert.Equal(100m, done.GetProperty("percentDone").GetDecimal());

        var list = await office.GetFromJsonAsync<JsonElement>(RuleSets);
        Assert.Equal([(1, false), (2, true)], list.EnumerateArray().Select(r => (r.GetProperty("version").GetInt32(), r.GetProperty("isCurrent").GetBoolean())));
        var stored = await Clerk.GetFromJsonAsync<JsonElement>($"{RuleSets}/2");
        Assert.Equal(100, stored.GetProperty("definition").GetProperty("sectors")[0].GetProperty("boundaries")[0].GetProperty("thresholds")[0].GetProperty("value").GetInt32());

        var grown = await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{grows}");
        Assert.Equal("medium", grown.GetProperty("sizeClass").GetString());
        Assert.Equal(2, grown.GetProperty("sizeRuleSetVersion").GetInt32());
        Assert.Contains("CN-2003 v2", grown.GetProperty("sizeReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, grown.GetProperty("rowVersion").GetInt32());
        Assert.Equal("small", (await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{stays}")).GetProperty("sizeClass").GetString());
        var notCovered = await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{uncovered}");
        Assert.False(notCovered.TryGetProperty("sizeClass", out _), "no class: the field is left out");
        Assert.Equal(2, notCovered.GetProperty("sizeRuleSetVersion").GetInt32());
        Assert.Equal(1, (await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{closed}")).GetProperty("sizeRuleSetVersion").GetInt32());

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var events = (await db.QueryAsync<string>(
            "SELECT payload->>'enterpriseId' FROM outbox_messages WHERE message_type LIKE '%.EnterpriseReclassified'")).ToList();
        Assert.Equal([grows.ToString()], events);

        var history = await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{grows}/history");
        var last = history.EnumerateArray().Last();
        Assert.Equal(ReclassificationJobs.AuditAction, last.GetProperty("action").GetString());
        var change = last.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "sizeClass");
        Assert.Equal(("small", "medium"), (change.GetProperty("from").GetString(), change.GetProperty("to").GetString()));

        // A registration after publication is classified by the new current version.
        var later = await Register("C3511", 120, 45_000_000m, 50_000_000m, "沈阳后来登记机械有限公司");
        Assert.Equal("medium", (await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{later}")).GetProperty("sizeClass").GetString());
    }

    [Fact]
    public async Task Only_the_SME_Office_and_administrators_publish_and_every_staff_role_reads()
    {
        foreach (var (role, ward) in new[] { ("counter_staff", "heping"), ("examiner", null), ("advisor", null) })
        {
            using var client = As(role, ward);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(RuleSets, Json(Version2()))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(RuleSets)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{RuleSets}/1")).StatusCode);
        }

        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(RuleSets, Json(Version2()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(RuleSets)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{RuleSets}/1/reclassification")).StatusCode);
        using var bank = Factory.CreateClient().WithToken(TestTokens.Issue("bank", bankId: "ccb-shenyang"));
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync(RuleSets)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync($"{RuleSets}/1/reclassification")).StatusCode);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM size_rule_sets"));

        using var admin = As("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync(RuleSets, Json(Version2()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Clerk.GetAsync($"{RuleSets}/2/reclassification")).StatusCode);
    }

    [Fact]
    public async Task A_bad_rule_set_is_400_with_field_errors_and_nothing_is_stored()
    {
        using var office = As("sme_office");
        var v2 = Version2();
        var industry = v2.Sectors[0];
        var broken = v2 with
        {
            Sectors = [industry with { Boundaries = [industry.Boundaries[0] with { Thresholds = [industry.Boundaries[0].Thresholds[0] with { Value = -5 }] }] }],
        };

        var cases = new (HttpContent Body, string Field)[]
        {
            (Json(broken), "sectors[0].boundaries[0].thresholds[0].value"),
            (Json("""{"id":"CN-2003"}"""), "$"),
            (Json("not json"), "$"),
            (Json(v2 with { Version = 5 }), "version"),
            (Json(v2 with { Jurisdiction = "HK" }), "jurisdiction"),
        };
        foreach (var (content, field) in cases)
        {
            using var response = await office.PostAsync(RuleSets, content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode} {text}");
            var errors = JsonSerializer.Deserialize<JsonElement>(text).GetProperty("errors");
            Assert.True(errors.EnumerateObject().Any(e => e.Name == field || (field == "$" && e.Name.Length > 0)), $"{field}: {text}");
        }

        using var plainText = await office.PostAsync(RuleSets, new StringContent(SizeRuleSetJson.Serialize(v2), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainText.StatusCode);
        using var existing = await office.PostAsync(RuleSets, Json(SizeRuleSets.China2003));
        Assert.Equal(HttpStatusCode.Conflict, existing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"{RuleSets}/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"{RuleSets}/1/reclassification")).StatusCode);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM size_rule_sets"));
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM reclassification_jobs"));
    }

    [Fact]
    public async Task A_newer_version_supersedes_an_open_job_and_is_the_one_that_finishes()
    {
        await Register("C3511", 120, 45_000_000m, 50_000_000m, "沈阳变大机械有限公司");
        await Factory.DisposeAsync();

        // The worker is off, so the first job is still open when the next version is published.
        await using (var stopped = new OneStopFactory(Factory.ConnectionString, rabbitMq,
            new Dictionary<string, string> { [ReclassificationWorker.EnabledKey] = "false" }))
        {
            using var office = stopped.CreateClient().WithToken(TestTokens.Issue("sme_office"));
            Assert.Equal(HttpStatusCode.Created, (await office.PostAsync(RuleSets, Json(Version2()))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await office.PostAsync(RuleSets, Json(Version2() with { Version = 3 }))).StatusCode);
            Assert.Equal("superseded", (await office.GetFromJsonAsync<JsonElement>($"{RuleSets}/2/reclassification")).GetProperty("status").GetString());
            Assert.Equal("pending", (await office.GetFromJsonAsync<JsonElement>($"{RuleSets}/3/reclassification")).GetProperty("status").GetString());
        }

        await using var running = new OneStopFactory(Factory.ConnectionString, rabbitMq);
        using var reader = running.CreateClient().WithToken(TestTokens.Issue("sme_office"));
        var done = await Progress(reader, 3, "completed");
        Assert.Equal(1, done.GetProperty("changed").GetInt32());
        Assert.Equal("superseded", (await reader.GetFromJsonAsync<JsonElement>($"{RuleSets}/2/reclassification")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task After_a_crash_the_job_continues_after_the_last_committed_batch()
    {
        await Factory.DisposeAsync();
        var connectionString = Factory.ConnectionString;
        await using (var db = new NpgsqlConnection(connectionString))
        {
            await SeedAsync(db, 25);
        }

        // First process: batches of 10, no background worker; two batches commit, then it "crashes" (is disposed).
        var settings = new Dictionary<string, string> { [ReclassificationWorker.EnabledKey] = "false", [ReclassificationWorker.BatchSizeKey] = "10" };
        Guid jobId;
        await using (var first = new OneStopFactory(connectionString, rabbitMq, settings))
        {
            using var office = first.CreateClient().WithToken(TestTokens.Issue("sme_office"));
            using var published = await office.PostAsync(RuleSets, Json(Version2()));
            jobId = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reclassification").GetProperty("id").GetGuid();
            var jobs = first.Services.GetRequiredService<ReclassificationJobs>();
            await jobs.RunBatchAsync(jobId, 10, CancellationToken.None);
            var afterTwo = await jobs.RunBatchAsync(jobId, 10, CancellationToken.None);
            Assert.Equal((ReclassificationStatus.Running, 20), (afterTwo.Status, afterTwo.Processed));
        }

        await using (var db = new NpgsqlConnection(connectionString))
        {
            Assert.Equal(20, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM enterprises WHERE size_rule_set_version = 2"));
        }

        // Restart: the worker finds the open job and finishes it from enterprise 21 on.
        await using var second = new OneStopFactory(connectionString, rabbitMq,
            new Dictionary<string, string> { [ReclassificationWorker.BatchSizeKey] = "10" });
        using var reader = second.CreateClient().WithToken(TestTokens.Issue("sme_office"));
        var done = await Progress(reader, 2, "completed");
        Assert.Equal((25, 3), (done.GetProperty("processed").GetInt32(), done.GetProperty("batches").GetInt32()));

        await using var check = new NpgsqlConnection(connectionString);
        Assert.Equal(25, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM enterprises WHERE size_rule_set_version = 2"));
        // Nobody was reclassified twice: one history row and one version step per enterprise.
        var (rows, distinct) = await check.QuerySingleAsync<(int, int)>(
            "SELECT count(*)::int, count(DISTINCT entity_id)::int FROM audit_log WHERE action = @action", new { action = ReclassificationJobs.AuditAction });
        Assert.Equal((25, 25), (rows, distinct));
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM enterprises WHERE row_version <> 2"));
        // Every seeded enterprise grows from small to medium under version 2.
        Assert.Equal(25, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.EnterpriseReclassified'"));
    }

    /// <summary>
    /// The job's rate on a register of ONESTOP_RECLASSIFY_ROWS enterprises (default 10,000; the report quotes 50,000),
    /// every one changing class so that each writes history and an event: the worst case.
    /// </summary>
    [Fact]
    public async Task Reclassification_rate_on_a_generated_register()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("ONESTOP_RECLASSIFY_ROWS"), out var n) ? n : 10_000;
        await using (var db = new NpgsqlConnection(Factory.ConnectionString))
        {
            await SeedAsync(db, count);
        }

        using var office = As("sme_office");
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, (await office.PostAsync(RuleSets, Json(Version2()))).StatusCode);
        var done = await Poll.UntilAsync(() => office.GetFromJsonAsync<JsonElement>($"{RuleSets}/2/reclassification"),
            p => p.GetProperty("status").GetString() == "completed", TimeSpan.FromMinutes(10), "reclassification");
        clock.Stop();
        Assert.Equal(count, done.GetProperty("changed").GetInt32());
        var started = done.GetProperty("startedAt").GetDateTimeOffset();
        var finished = done.GetProperty("finishedAt").GetDateTimeOffset();
        var seconds = (finished - started).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reclassified {count} enterprises in {seconds:0.00} s of job time ({count / Math.Max(seconds, 0.001):0} /s); {clock.Elapsed.TotalSeconds:0.00} s wall including polling"));
    }

    /// <summary>Enterprises classified small under v1 that v2 makes medium (industry, 150 employees, revenue and assets above the medium limits).</summary>
    private static Task SeedAsync(NpgsqlConnection db, int count) => db.ExecuteAsync(
        """
        INSERT INTO enterprises (id, uscc, name, ward, industry_code, employees, annual_revenue, total_assets, currency, registered_at, updated_at,
                                 row_version, size_class, size_rule_set_id, size_rule_set_version, size_reason, status)
        SELECT gen_random_uuid(), lpad(i::text, 18, '0'), '沈阳生成企业' || i, 'heping', 'C3511', 150, 45000000, 50000000, 'CNY', now(), now(),
               1, 'small', 'CN-2003', 1, 'Small under CN-2003 v1 (seeded)', 'active'
        FROM generate_series(1, @count) AS i
        """,
        new { count }, commandTimeout: 600);
}
