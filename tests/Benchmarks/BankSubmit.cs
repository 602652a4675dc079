using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace SmePlatform.Benchmarks;

/// <summary>
/// Partner-bank submissions per second through the gateway: each one validated, its enterprise
/// resolved over gRPC in the register, screened, and stored with its idempotency record and outbox messages in one
/// transaction. Compared in the same run with the bare database: pgbench on the same PostgreSQL server inserting a
/// comparable application row, outbox row and idempotency row in one transaction (copies of the service's tables, filled
/// with a row the API itself just wrote, so the rows are the same size).
/// </summary>
public static partial class BankSubmit
{
    public sealed record Settings(Uri Gateway, string GuaranteeDatabase, string OneStopDatabase, string Pgbench, int Submissions,
        int Concurrency, int PgbenchSeconds, string State, int WarmUp);

    private const string Bank = "ccb-shenyang";
    private const string Scratch = "pgbench_bank";

    public static async Task<string> RunAsync(Settings settings)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = settings.Gateway, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await SignInAsync(client));

        // Borrowers from the register, a different one per submission: one borrower twice within 90 days fails screening
        // (still a full submission, but not the common case).
        var warmUp = Math.Min(settings.WarmUp, settings.Submissions);
        var borrowers = await BorrowersAsync(settings.OneStopDatabase, settings.Submissions + warmUp);
        Console.WriteLine($"bank-submit: {borrowers.Count} borrowers from the register");

        var screened = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        Func<int, Task<bool>> Submit(int offset) => async i =>
        {
            var uscc = borrowers[(offset + i) % borrowers.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/bank/v1/applications")
            {
                Content = new StringContent(Body(uscc), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var outcome = response.StatusCode == HttpStatusCode.Created ? StatusOf(body) : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            screened.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            return response.StatusCode == HttpStatusCode.Created;
        };

        await LoadRun.RunAsync("warm-up", warmUp, settings.Concurrency, Submit(settings.Submissions), CancellationToken.None);
        screened.Clear();
        var before = await RowCountsAsync(settings.GuaranteeDatabase);
        var cpuBefore = ProcessCpu.Take(settings.State);
        var api = await LoadRun.RunAsync("api", settings.Submissions, settings.Concurrency, Submit(0), CancellationToken.None);
        var cpu = ProcessCpu.Between(cpuBefore, ProcessCpu.Take(settings.State));
        var after = await RowCountsAsync(settings.GuaranteeDatabase);
        var cpuReport = CpuReport(cpu, settings.Submissions, api.Elapsed);
        Console.WriteLine(cpuReport);
        Console.WriteLine($"  API: {api.PerSecond:F0}/s p50 {api.P50Ms:F1} ms p99 {api.P99Ms:F1} ms failures {api.Failures}");
        if (api.Failures > 0)
        {
            // A refused submission (429 from a rate limit, 503, 4xx) is cheap: counting it would flatter the API.
            throw new InvalidOperationException(
                $"{api.Failures} of {settings.Submissions} submissions were not created ({string.Join(", ", screened.Select(s => $"{s.Key} {s.Value}"))}); "
                + "no ratio is reported. Run through ./sme bench, which lifts the gateway's per-bank rate limit.");
        }


        if (settings.PgbenchSeconds <= 0)
        {
            // --pgbench-seconds 0: the API alone (e.g. to attribute CPU per process without pgbench's share).
            return $"API only: {api.PerSecond:F0} submissions/s, p50 {api.P50Ms:F1} ms, p99 {api.P99Ms:F1} ms; {Machine.Load()}{Environment.NewLine}{Environment.NewLine}{cpuReport}";
        }

        var pgbenchCpuBefore = ProcessCpu.Take(settings.State);
        var (tps, pgbenchOutput) = await PgbenchAsync(settings);
        var pgbenchCpu = ProcessCpu.Between(pgbenchCpuBefore, ProcessCpu.Take(settings.State)).ToDictionary(c => c.Name, c => c.Seconds);
        var transactions = TransactionsPattern().Match(pgbenchOutput) is { Success: true } processed
            ? long.Parse(processed.Groups[1].Value, CultureInfo.InvariantCulture) : (long)(tps * settings.PgbenchSeconds);
        Console.WriteLine($"  pgbench: {tps:F0} transactions/s");

        var perSubmission = string.Join(", ", after.Keys.Select(t => $"{t} {(after[t] - before[t]) * 1.0 / settings.Submissions:F1}"));
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: partner-bank submissions vs bare INSERT transactions (bank-submit)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}; {Machine.Load()}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Load: {settings.Submissions} POST /api/bank/v1/applications through the gateway as {Bank} (client credentials), each with a new Idempotency-Key and a different registered borrower, 3 years of statements and one collateral item; {settings.Concurrency} concurrent clients, closed loop, after {warmUp} warm-up submissions. pgbench: `{Path.GetFileName(settings.Pgbench)} -n -c {settings.Concurrency} -j 2 -T {settings.PgbenchSeconds}` on the same server and database, one transaction = INSERT of an application row + an outbox row + an idempotency row into copies of the service's tables (`CREATE TABLE … (LIKE … INCLUDING ALL)` in schema {Scratch}), with the values of rows the API wrote in this run (new ids and keys per transaction).");
        report.AppendLine();
        report.AppendLine("| path | transactions/s | p50 ms | p99 ms | failures |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| API through the gateway | {api.PerSecond:F0} | {api.P50Ms:F1} | {api.P99Ms:F1} | {api.Failures} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| pgbench, bare INSERT transaction | {tps:F0} | {LatencyOf(pgbenchOutput)} | | |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"**API ÷ bare INSERT transaction: {api.PerSecond / tps:F2}** (aim ≥ 0.33).");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Outcomes of the submissions: {string.Join(", ", screened.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}"))}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Rows the API wrote per submission: {perSubmission} (the pgbench transaction writes 1 + 1 + 1).");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"- CPU per pgbench transaction ({transactions} transactions): PostgreSQL {pgbenchCpu.GetValueOrDefault("postgresql") * 1000 / transactions:F3} ms, the whole machine {pgbenchCpu.GetValueOrDefault(ProcessCpu.Machine) * 1000 / transactions:F3} ms (pgbench itself included).");
        report.AppendLine();
        report.AppendLine(cpuReport);
        return report.ToString();
    }

    /// <summary>CPU of each process during the API run, per submission: where to look for the next cut.</summary>
    private static string CpuReport(IReadOnlyList<(string Name, double Seconds)> cpu, int submissions, TimeSpan elapsed)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"CPU during the API run ({elapsed.TotalSeconds:F1} s, from /proc; a process's children count with it):");
        report.AppendLine();
        report.AppendLine("| process | CPU s | ms per submission |");
        report.AppendLine("|---|---:|---:|");
        foreach (var (name, seconds) in cpu)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {seconds:F2} | {seconds * 1000 / submissions:F2} |");
        }

        var platform = cpu.Where(c => c.Name is not (ProcessCpu.Client or ProcessCpu.Machine)).Sum(c => c.Seconds);
        report.AppendLine(CultureInfo.InvariantCulture, $"| **platform (every ./sme process)** | {platform:F2} | **{platform * 1000 / submissions:F2}** |");
        return report.ToString();
    }

    private static string StatusOf(string body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetProperty("status").GetString() ?? "?";
    }

    private static string Body(string uscc) => $$$"""
        {"applicationKey":"BENCH-{{{Guid.NewGuid():N}}}","uscc":"{{{uscc}}}","loanAmount":500000,"termMonths":24,"purpose":"working_capital",
         "programme":"standard","instalments":{"type":"equal_instalments","instalments":24},"requestedCoverage":0.85,
         "collateral":[{"type":"equipment","description":"CNC machining centre","value":300000}],
         "financialStatements":[
          {"fiscalYear":2023,"sales":6000000,"operatingProfit":420000,"netProfit":300000,"depreciation":120000,"receivables":900000,"inventory":700000,"payables":500000,"cash":400000,"borrowings":1200000,"totalAssets":5000000,"netAssets":1800000},
          {"fiscalYear":2024,"sales":6600000,"operatingProfit":480000,"netProfit":340000,"depreciation":130000,"receivables":950000,"inventory":720000,"payables":520000,"cash":450000,"borrowings":1200000,"totalAssets":5300000,"netAssets":2140000},
          {"fiscalYear":2025,"sales":7100000,"operatingProfit":530000,"netProfit":380000,"depreciation":140000,"receivables":1000000,"inventory":760000,"payables":560000,"cash":520000,"borrowings":1300000,"totalAssets":5700000,"netAssets":2520000}],
         "consent":{"useDiagnosis":false,"useCounsellingHistory":false}}
        """;

    private static async Task<IReadOnlyList<string>> BorrowersAsync(string oneStopDatabase, int count)
    {
        await using var connection = new NpgsqlConnection(oneStopDatabase);
        await connection.OpenAsync();
        // A random sample without sorting a million rows: TABLESAMPLE picks pages, the limit stops early.
        await using var command = new NpgsqlCommand(
            "SELECT uscc FROM enterprises TABLESAMPLE SYSTEM (5) WHERE status = 'active' LIMIT @count", connection);
        command.Parameters.AddWithValue("count", count);
        var list = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                list.Add(reader.GetString(0).Trim());
            }
        }

        if (list.Count < count)
        {
            // A small register (bank-submit without register-1m): every active enterprise, reused round-robin.
            await using var all = new NpgsqlCommand("SELECT uscc FROM enterprises WHERE status = 'active' LIMIT @count", connection);
            all.Parameters.AddWithValue("count", count);
            list.Clear();
            await using var reader = await all.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                list.Add(reader.GetString(0).Trim());
            }
        }

        return list.Count == 0 ? throw new InvalidOperationException("The register is empty: run ./sme up (it seeds) or --scenario register-1m first.") : list;
    }

    private static async Task<Dictionary<string, long>> RowCountsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "applications", "idempotency_keys", "outbox_messages", "application_history", "audit_log" })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }

        return counts;
    }

    /// <summary>
    /// Copies of the three tables (columns, defaults, constraints and indexes; the outbox position gets its own sequence),
    /// one INSERT each built from the newest row the API wrote, new ids and keys per transaction; pgbench runs it.
    /// </summary>
    private static async Task<(double Tps, string Output)> PgbenchAsync(Settings settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.GuaranteeDatabase);
        var script = new StringBuilder("BEGIN;\n");
        await using (var connection = new NpgsqlConnection(settings.GuaranteeDatabase))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, $"""
                DROP SCHEMA IF EXISTS {Scratch} CASCADE;
                CREATE SCHEMA {Scratch};
                CREATE TABLE {Scratch}.applications (LIKE public.applications INCLUDING ALL);
                CREATE TABLE {Scratch}.outbox_messages (LIKE public.outbox_messages INCLUDING ALL);
                CREATE TABLE {Scratch}.idempotency_keys (LIKE public.idempotency_keys INCLUDING ALL);
                CREATE SEQUENCE {Scratch}.outbox_position;
                ALTER TABLE {Scratch}.outbox_messages ALTER COLUMN position SET DEFAULT nextval('{Scratch}.outbox_position');
                """);
            var fresh = new Dictionary<string, string[]>
            {
                ["applications"] = ["id", "bank_application_key"],
                ["outbox_messages"] = ["id"],
                ["idempotency_keys"] = ["idempotency_key"],
            };
            var newest = new Dictionary<string, string>
            {
                ["applications"] = $"SELECT to_jsonb(t) FROM public.applications t WHERE bank_id = '{Bank}' ORDER BY submitted_at DESC LIMIT 1",
                ["outbox_messages"] = "SELECT to_jsonb(t) - 'position' FROM public.outbox_messages t ORDER BY position DESC LIMIT 1",
                ["idempotency_keys"] = $"SELECT to_jsonb(t) FROM public.idempotency_keys t WHERE bank_id = '{Bank}' ORDER BY created_at DESC LIMIT 1",
            };
            foreach (var (table, sample) in newest)
            {
                var regenerated = string.Join(", ", fresh[table].Select(c => $"'{c}'"));
                await using var command = new NpgsqlCommand(
                    $"""
                    SELECT format('INSERT INTO {Scratch}.{table} (%s) VALUES (%s);',
                        string_agg(quote_ident(key), ', ' ORDER BY key),
                        string_agg(CASE WHEN key = 'id' THEN 'gen_random_uuid()'
                                        WHEN key IN ({regenerated}) THEN 'gen_random_uuid()::text'
                                        ELSE quote_nullable(value) END, ', ' ORDER BY key))
                    FROM jsonb_each_text(({sample}))
                    """, connection);
                script.AppendLine((string)(await command.ExecuteScalarAsync())!);
            }
        }

        script.AppendLine("COMMIT;");
        var file = Path.Combine(Path.GetTempPath(), $"sme-bank-submit-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(file, script.ToString());
        try
        {
            var start = new ProcessStartInfo(settings.Pgbench)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "-n", "-c", settings.Concurrency.ToString(CultureInfo.InvariantCulture), "-j", "2",
                "-T", settings.PgbenchSeconds.ToString(CultureInfo.InvariantCulture), "-f", file,
                "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username ?? "postgres", builder.Database!,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout + await stderr;
            var match = TpsPattern().Match(output);
            if (process.ExitCode != 0 || !match.Success)
            {
                throw new InvalidOperationException($"pgbench failed (exit {process.ExitCode}):{Environment.NewLine}{output}{Environment.NewLine}script:{Environment.NewLine}{script}");
            }

            return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), output);
        }
        finally
        {
            File.Delete(file);
            await using var connection = new NpgsqlConnection(settings.GuaranteeDatabase);
            await connection.OpenAsync();
            await ExecuteAsync(connection, $"DROP SCHEMA IF EXISTS {Scratch} CASCADE");
        }
    }

    private static string LatencyOf(string pgbenchOutput) =>
        LatencyPattern().Match(pgbenchOutput) is { Success: true } m ? $"{m.Groups[1].Value} (average)" : "";

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex TransactionsPattern();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyPattern();

    private static async Task<string> SignInAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Bank, ["client_secret"] = "demo-secret",
        }));
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
