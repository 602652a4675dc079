using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.Benchmarks;

/// <summary>
/// The reclassification of the whole register: the SME Office publishes a new size rule set version through the
/// gateway, and the step times OneStop's job until every enterprise carries it, then the outbox relay until every
/// EnterpriseReclassified event it enqueued is published. The version alternates between the 2011 MIIT thresholds and the
/// 2003 criteria (each published as the next version), so every run reclassifies a realistic share of the register:
/// the 2011 set adds the micro class, which most of a city's firms fall into.
/// </summary>
public static class ReclassifyAtScale
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Both versions the step publishes pass OneStop's validator (checked before the run loads a million rows).</summary>
    public static void Validate()
    {
        foreach (var ruleSet in new[] { Miit2011, SizeRuleSets.China2003 })
        {
            var errors = SizeRuleSetValidator.Validate(ruleSet);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"{ruleSet.Reference} is not a valid rule set: " +
                    string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            }
        }
    }

    public static async Task<IEnumerable<RegisterAtScale.StepResult>> RunAsync(string oneStopDatabase, HttpClient office, TimeSpan relayTimeout)
    {
        await using var connection = new NpgsqlConnection(oneStopDatabase);
        await connection.OpenAsync();
        var (currentId, latest) = await CurrentAsync(connection);
        var next = (currentId == MiitId ? SizeRuleSets.China2003 with { Notes = SizeRuleSets.China2003.Notes + " Republished by tests/Benchmarks." } : Miit2011)
            with { Version = latest + 1 };
        var before = await ClassesAsync(connection);
        var outboxBefore = await CountAsync(connection, "SELECT count(*) FROM outbox_messages");

        var clock = Stopwatch.StartNew();
        using var content = new StringContent(SizeRuleSetJson.Serialize(next), Encoding.UTF8, "application/json");
        using (var response = await office.PostAsync("/api/onestop/size-rule-sets", content))
        {
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Publishing {next.Reference} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        Console.WriteLine($"  published {next.Reference} ({next.Name}); polling the job");
        JsonElement job;
        var lastPrinted = TimeSpan.Zero;
        while (true)
        {
            job = await office.GetFromJsonAsync<JsonElement>($"/api/onestop/size-rule-sets/{next.Version}/reclassification");
            var status = job.GetProperty("status").GetString();
            if (status is "completed" or "superseded")
            {
                break;
            }

            if (clock.Elapsed - lastPrinted > TimeSpan.FromSeconds(15))
            {
                lastPrinted = clock.Elapsed;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: {status}, {job.GetProperty("processed").GetInt32():N0} of {job.GetProperty("total").GetInt32():N0}, {job.GetProperty("changed").GetInt32():N0} changed");
            }

            if (clock.Elapsed > JobTimeout)
            {
                throw new TimeoutException($"The reclassification under {next.Reference} did not finish in {JobTimeout}: {job}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var jobElapsed = clock.Elapsed;
        var processed = job.GetProperty("processed").GetInt32();
        var reclassified = job.GetProperty("reclassified").GetInt32();
        var changed = job.GetProperty("changed").GetInt32();
        var started = job.GetProperty("startedAt").GetDateTimeOffset();
        var finished = job.GetProperty("finishedAt").GetDateTimeOffset();
        var running = finished - started;
        Console.WriteLine($"  job {job.GetProperty("status").GetString()} in {jobElapsed.TotalSeconds:F0} s; polling the outbox");

        // The relay publishes in insert order; the job's events are the newest rows, so "none unpublished" covers them.
        long pending;
        while ((pending = await CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL")) > 0
               && clock.Elapsed - jobElapsed < relayTimeout)
        {
            if (clock.Elapsed - lastPrinted > TimeSpan.FromSeconds(15))
            {
                lastPrinted = clock.Elapsed;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: {pending:N0} events not yet published");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var relayElapsed = clock.Elapsed - jobElapsed;
        var events = await CountAsync(connection, "SELECT count(*) FROM outbox_messages") - outboxBefore;
        // The relay ran during the job too: the time from publication until the last event left is what a subscriber waits.
        // timestamptz reads as a UTC DateTime in Npgsql.
        var lastPublished = await connection.ExecuteScalarAsync<DateTime?>(
            "SELECT max(published_at) FROM outbox_messages WHERE message_type LIKE '%EnterpriseReclassified'");
        var after = await ClassesAsync(connection);

        var rows = new List<RegisterAtScale.StepResult>
        {
            new("reclassify", $"| reclassify | job under {next.Reference} ({next.Name}): enterprises read | {processed:N0} in {running.TotalSeconds:F0} s (**{processed / running.TotalSeconds:F0} rows/s**; publication to completed seen by the client {jobElapsed.TotalSeconds:F0} s) |"),
            new("reclassify", $"| reclassify | entries rewritten / changed class (events) | {reclassified:N0} / **{changed:N0}** ({changed * 100.0 / Math.Max(1, processed):F1}% of those read) |"),
            pending == 0
                ? new("reclassify", $"| reclassify | outbox relay: {events:N0} events published | all published {relayElapsed.TotalSeconds:F0} s after the job finished ({events / (jobElapsed + relayElapsed).TotalSeconds:F0} events/s from publication) |")
                : new("reclassify", $"| reclassify | outbox relay: {events:N0} events enqueued | **{pending:N0} still unpublished** after waiting {relayElapsed.TotalSeconds:F0} s past the job ({(events - pending) / (jobElapsed + relayElapsed).TotalSeconds:F0} events/s from publication) |"),
        };
        rows[0] = rows[0] with
        {
            Note = $"size classes before: {Describe(before)}; after {next.Reference}: {Describe(after)}" +
                   (lastPublished is { } last ? $"; last EnterpriseReclassified published at {last:HH:mm:ss} UTC" : ""),
        };
        return rows;
    }

    private static string Describe(Dictionary<string, long> classes)
    {
        var total = Math.Max(1, classes.Values.Sum());
        return string.Join(", ", classes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value * 100.0 / total:F1}%"));
    }

    private static async Task<(string Id, int Latest)> CurrentAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT id FROM size_rule_sets WHERE jurisdiction = 'CN' AND is_current), (SELECT max(version) FROM size_rule_sets WHERE jurisdiction = 'CN')",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt32(1));
    }

    private static async Task<Dictionary<string, long>> ClassesAsync(NpgsqlConnection connection)
    {
        var classes = new Dictionary<string, long>();
        await using var command = new NpgsqlCommand("SELECT coalesce(size_class, 'not classified'), count(*) FROM enterprises GROUP BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            classes[reader.GetString(0)] = reader.GetInt64(1);
        }

        return classes;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<T?> ExecuteScalarAsync<T>(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    private const string MiitId = "CN-2011";

    /// <summary>
    /// The 2011 MIIT criteria (工信部联企业〔2011〕300号) as commonly quoted, money in 10,000 yuan: every class is reached
    /// when ALL its figures are at or above the limits (an enterprise under either limit of a class is in the class below),
    /// with micro as the base class. The sectors the generator's industries fall into; the rest are not covered.
    /// </summary>
    private static SizeRuleSet Miit2011 { get; } = new(
        Id: MiitId,
        Version: 2,
        Name: "China 2011 MIIT classification of SMEs (benchmark version)",
        Jurisdiction: "CN",
        EffectiveFrom: new DateOnly(2011, 6, 18),
        EffectiveTo: null,
        Currency: "CNY",
        Source: "MIIT, NBS, NDRC, MOF notice 工信部联企业〔2011〕300号 as commonly quoted; loaded by tests/Benchmarks, not verified against the sources",
        Sectors:
        [
            Sector("industry", "Industry", "工业", ["B", "C", "D"], (SizeIndicator.Employees, SizeIndicator.AnnualRevenue), (20, 300), (300, 2_000), (1_000, 40_000)),
            Sector("construction", "Construction", "建筑业", ["E"], (SizeIndicator.AnnualRevenue, SizeIndicator.TotalAssets), (300, 300), (6_000, 5_000), (80_000, 80_000)),
            Sector("wholesale", "Wholesale", "批发业", ["F51"], (SizeIndicator.Employees, SizeIndicator.AnnualRevenue), (5, 1_000), (20, 5_000), (200, 40_000)),
            Sector("retail", "Retail", "零售业", ["F52"], (SizeIndicator.Employees, SizeIndicator.AnnualRevenue), (10, 100), (50, 500), (300, 20_000)),
            Sector("transport", "Transport (not rail)", "交通运输业（不含铁路运输业）", ["G54", "G55", "G56", "G57", "G58"], (SizeIndicator.Employees, SizeIndicator.AnnualRevenue), (20, 200), (300, 3_000), (1_000, 30_000)),
            Sector("warehousing", "Storage", "仓储业", ["G59"], (SizeIndicator.Employees, SizeIndicator.AnnualRevenue), (20, 100), (100, 1_000), (200, 30_000)),
            Sector("post", "Post", "邮政业", ["G60"], (SizeIndicator.Employees, SizeIndicator.AnnualRevenue), (20, 100), (300, 2_000), (1_000, 30_000)),
            Sector("hotels-restaurants", "Hotels and restaurants", "住宿业和餐饮业", ["H"], (SizeIndicator.Employees, SizeIndicator.AnnualRevenue), (10, 100), (100, 2_000), (300, 10_000)),
            Sector("software-it", "Software and IT services", "软件和信息技术服务业", ["I65"], (SizeIndicator.Employees, SizeIndicator.AnnualRevenue), (10, 50), (100, 1_000), (300, 10_000)),
            Sector("leasing-business", "Leasing and business services", "租赁和商务服务业", ["L"], (SizeIndicator.Employees, SizeIndicator.TotalAssets), (10, 100), (100, 8_000), (300, 120_000)),
            new SizeSector("other", "Other sectors", "其他未列明行业", ["M", "N", "O"], SizeClass.Micro,
            [
                new ClassBoundary(SizeClass.Small, Combination.All, "small lower limit", [Employees(10)]),
                new ClassBoundary(SizeClass.Medium, Combination.All, "medium lower limit", [Employees(100)]),
                new ClassBoundary(SizeClass.Large, Combination.All, "large lower limit", [Employees(300)]),
            ]),
        ],
        Notes: "Published by the register-1m benchmark to reclassify a generated register; not for production use.");

    private static SizeThreshold Employees(int value) => new(SizeIndicator.Employees, value, UnitScale.One, BoundInclusivity.Inclusive);

    private static SizeThreshold Limit(SizeIndicator indicator, decimal value) => indicator == SizeIndicator.Employees
        ? Employees((int)value)
        : new(indicator, value, UnitScale.TenThousand, BoundInclusivity.Inclusive);

    private static SizeSector Sector(string code, string nameEn, string nameZh, string[] industryCodes, (SizeIndicator First, SizeIndicator Second) by,
        (decimal First, decimal Second) small, (decimal First, decimal Second) medium, (decimal First, decimal Second) large) =>
        new(code, nameEn, nameZh, industryCodes, SizeClass.Micro,
        [
            new ClassBoundary(SizeClass.Small, Combination.All, "small lower limit", [Limit(by.First, small.First), Limit(by.Second, small.Second)]),
            new ClassBoundary(SizeClass.Medium, Combination.All, "medium lower limit", [Limit(by.First, medium.First), Limit(by.Second, medium.Second)]),
            new ClassBoundary(SizeClass.Large, Combination.All, "large lower limit", [Limit(by.First, large.First), Limit(by.Second, large.Second)]),
        ]);
}
