using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.Benchmarks;

/// <summary>
/// The register at 1,000,000 enterprises: generated enterprises bulk-loaded into OneStop's
/// database with COPY, each classified by OneStop's own classifier under the current rule set; then, through the gateway,
/// search by name part and by ward + industry (p50/p99) and registration throughput at that size.
/// Then the reclassification of every enterprise under a newly published rule set version (<see cref="ReclassifyAtScale"/>).
/// The scenario is a list of named steps; --steps runs a subset (say, search and reclassify on a register already loaded).
/// </summary>
public static class RegisterAtScale
{
    public sealed record Settings(Uri Gateway, string OneStopDatabase, int Enterprises, int SearchQueries, int SearchConcurrency,
        int SearchWarmUp, int Registrations, int RegistrationConcurrency, IReadOnlyCollection<string> Steps, TimeSpan RelayTimeout);

    public sealed record StepResult(string Step, string Row, string? Note = null);

    /// <summary>Bulk-loaded enterprises have a USCC whose organisation code starts with this letter (see the generator).</summary>
    private const string GeneratedPattern = "^9[12][0-9]{6}Y";

    public static async Task<string> RunAsync(Settings settings)
    {
        if (settings.Steps.Contains("reclassify"))
        {
            ReclassifyAtScale.Validate();
        }

        var results = new List<StepResult>();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = settings.Gateway, Timeout = TimeSpan.FromSeconds(60) };

        // Signed in afresh before each step through the gateway: tokens are short-lived and the load takes minutes.
        async Task<HttpClient> SignedIn(string user = "admin")
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await SignInAsync(client, user));
            return client;
        }

        var steps = new (string Name, Func<Task<IEnumerable<StepResult>>> Run)[]
        {
            ("load", () => LoadAsync(settings)),
            ("search", async () => await SearchAsync(settings, await SignedIn())),
            ("register", async () => await RegisterAsync(settings, await SignedIn())),
            // The SME Office publishes the next rule set version; the job reclassifies every enterprise, the relay publishes the events.
            ("reclassify", async () => await ReclassifyAtScale.RunAsync(settings.OneStopDatabase, await SignedIn("smeoffice.liu"), settings.RelayTimeout)),
        };
        foreach (var (name, run) in steps.Where(s => settings.Steps.Contains(s.Name)))
        {
            Console.WriteLine($"register-1m: {name}");
            var clock = Stopwatch.StartNew();
            var stepResults = (await run()).ToList();
            Console.WriteLine($"register-1m: {name} took {clock.Elapsed.TotalSeconds:F0} s");
            foreach (var result in stepResults)
            {
                Console.WriteLine($"  {result.Row}");
            }

            results.AddRange(stepResults);
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: register at {settings.Enterprises:N0} enterprises (register-1m: {string.Join(", ", steps.Select(s => s.Name).Where(settings.Steps.Contains))})");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}; {Machine.Load()}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Load: generated enterprises (tests/Benchmarks/EnterpriseGenerator.cs) bulk-loaded with COPY and classified by OneStop's SizeClassifier; searches through the gateway as the demo administrator, {settings.SearchQueries} queries per kind with varied terms, {settings.SearchConcurrency} concurrent clients, after a warm-up of {settings.SearchWarmUp} queries per kind with other terms; registrations through the gateway, {settings.Registrations} at concurrency {settings.RegistrationConcurrency}; reclassification: the next size rule set version published through the gateway as the SME Office (smeoffice.liu), the job polled every second, then the outbox until no row is unpublished.");
        report.AppendLine();
        report.AppendLine("| step | measure | value |");
        report.AppendLine("|---|---|---|");
        foreach (var result in results)
        {
            report.AppendLine(result.Row);
        }

        report.AppendLine();
        foreach (var note in results.Where(r => r.Note is not null))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"- {note.Step}: {note.Note}");
        }

        report.AppendLine();
        return report.ToString();
    }

    /// <summary>
    /// Tops the register up to the target with generated enterprises (enterprise i is the same on every run). The secondary
    /// indexes are dropped for the COPY and rebuilt from their own definitions afterwards: building a trigram index once is
    /// far cheaper than maintaining it a row at a time, and the definitions are read from the database, so the rebuilt
    /// indexes are exactly the migrations' (and any later migration's).
    /// </summary>
    private static async Task<IEnumerable<StepResult>> LoadAsync(Settings settings)
    {
        await using var connection = new NpgsqlConnection(settings.OneStopDatabase);
        await connection.OpenAsync();
        var total = await ScalarAsync<long>(connection, "SELECT count(*) FROM enterprises");
        var generated = await ScalarAsync<long>(connection, $"SELECT count(*) FROM enterprises WHERE uscc ~ '{GeneratedPattern}'");
        var missing = settings.Enterprises - total;
        if (missing <= 0)
        {
            return [new("load", $"| load | enterprises already in the register | {total:N0} ({generated:N0} generated); nothing loaded |")];
        }

        var (ruleSet, ruleSetRef) = await CurrentRuleSetAsync(connection);
        var indexes = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = 'enterprises'
              AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'enterprises'::regclass)
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Console.WriteLine($"  dropping {indexes.Count} secondary indexes for the load (rebuilt from: {string.Join("; ", indexes.Select(i => i.Definition))})");
        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX IF EXISTS \"{name}\"");
        }

        var classes = new Dictionary<string, long>();
        var copyClock = Stopwatch.StartNew();
        try
        {
            await using var writer = await connection.BeginBinaryImportAsync(
                """
                COPY enterprises (id, uscc, name, ward, industry_code, employees, annual_revenue, total_assets, currency, registered_at,
                    updated_at, row_version, legal_representative, address, legal_form, ownership_type, category, founding_date,
                    registered_capital, contact_phone, name_key, size_class, size_rule_set_id, size_rule_set_version, size_reason, status)
                FROM STDIN (FORMAT BINARY)
                """);
            for (var index = generated; index < generated + missing; index++)
            {
                var e = EnterpriseGenerator.Generate(index);
                if (!IndustryCode.TryParse(e.IndustryCode, out var industry, out var invalid))
                {
                    throw new InvalidOperationException($"The generator made an industry code the register refuses: {e.IndustryCode} ({invalid}).");
                }

                var classification = SizeClassifier.Classify(ruleSet, industry, new EnterpriseFigures(e.Employees, e.AnnualRevenue, e.TotalAssets));
                var sizeClass = classification.Class?.ToString().ToLowerInvariant();
                classes[sizeClass ?? "not classified"] = classes.GetValueOrDefault(sizeClass ?? "not classified") + 1;

                await writer.StartRowAsync();
                await writer.WriteAsync(e.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(e.Uscc, NpgsqlDbType.Char);
                await writer.WriteAsync(e.Name, NpgsqlDbType.Text);
                await writer.WriteAsync(e.Ward, NpgsqlDbType.Text);
                await writer.WriteAsync(e.IndustryCode, NpgsqlDbType.Text);
                await writer.WriteAsync(e.Employees, NpgsqlDbType.Integer);
                await writer.WriteAsync(e.AnnualRevenue, NpgsqlDbType.Numeric);
                await writer.WriteAsync(e.TotalAssets, NpgsqlDbType.Numeric);
                await writer.WriteAsync("CNY", NpgsqlDbType.Char);
                await writer.WriteAsync(e.RegisteredAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(e.RegisteredAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(1, NpgsqlDbType.Integer);
                await writer.WriteAsync(e.LegalRepresentative, NpgsqlDbType.Text);
                await writer.WriteAsync(e.Address, NpgsqlDbType.Text);
                await writer.WriteAsync(e.LegalForm, NpgsqlDbType.Text);
                await writer.WriteAsync(e.OwnershipType, NpgsqlDbType.Text);
                await writer.WriteAsync(e.Category, NpgsqlDbType.Text);
                await writer.WriteAsync(e.FoundingDate, NpgsqlDbType.Date);
                await writer.WriteAsync(e.RegisteredCapital, NpgsqlDbType.Numeric);
                await writer.WriteAsync(e.ContactPhone, NpgsqlDbType.Text);
                await writer.WriteAsync(EnterpriseNames.Key(e.Name), NpgsqlDbType.Text);
                if (sizeClass is null)
                {
                    await writer.WriteNullAsync();
                }
                else
                {
                    await writer.WriteAsync(sizeClass, NpgsqlDbType.Text);
                }

                await writer.WriteAsync(classification.RuleSetId, NpgsqlDbType.Text);
                await writer.WriteAsync(classification.RuleSetVersion, NpgsqlDbType.Integer);
                await writer.WriteAsync(classification.Reason, NpgsqlDbType.Text);
                await writer.WriteAsync("active", NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }
        finally
        {
            copyClock.Stop();
            // Whatever happened to the COPY, the register gets its indexes back.
            var indexClock = Stopwatch.StartNew();
            await ExecuteAsync(connection, "SET maintenance_work_mem = '256MB'");
            foreach (var (name, definition) in indexes)
            {
                Console.WriteLine($"  rebuilding {name}");
                await ExecuteAsync(connection, definition.Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
                    .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal));
            }

            await ExecuteAsync(connection, "ANALYZE enterprises");
            indexClock.Stop();
            Console.WriteLine($"  COPY {copyClock.Elapsed.TotalSeconds:F0} s, indexes and ANALYZE {indexClock.Elapsed.TotalSeconds:F0} s");
        }

        var after = await ScalarAsync<long>(connection, "SELECT count(*) FROM enterprises");
        var byClass = string.Join(", ", classes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value * 100.0 / missing:F1}%"));
        return
        [
            new("load", $"| load | COPY of {missing:N0} generated enterprises (classified under {ruleSetRef}) | {copyClock.Elapsed.TotalSeconds:F0} s ({missing / copyClock.Elapsed.TotalSeconds:F0} rows/s) |",
                $"stored size classes of the loaded rows: {byClass}"),
            new("load", $"| load | enterprises in the register after the load | {after:N0} |"),
        ];
    }

    /// <summary>The rule set the register classifies with now, read and parsed as OneStop does.</summary>
    private static async Task<(SizeRuleSet RuleSet, string Reference)> CurrentRuleSetAsync(NpgsqlConnection connection)
    {
        var json = await ScalarAsync<string>(connection, "SELECT definition::text FROM size_rule_sets WHERE jurisdiction = 'CN' AND is_current");
        var (ruleSet, errors) = SizeRuleSetJson.Deserialize(json);
        return ruleSet is null
            ? throw new InvalidOperationException("The current size rule set does not parse: " + string.Join("; ", errors.Keys))
            : (ruleSet, ruleSet.Reference);
    }

    /// <summary>
    /// Name parts a clerk types (the trade name with 沈阳, or trade name + industry word, of enterprises in the register),
    /// ward + industry division filters, and bare two-character trade names, each kind over many different terms, through
    /// the gateway.
    /// </summary>
    private static async Task<IEnumerable<StepResult>> SearchAsync(Settings settings, HttpClient client)
    {
        // One way to draw each kind's query, for the measured terms and the warm-up's alike.
        var divisions = EnterpriseGenerator.Industries.Select(i => i.Code[..3]).Distinct().ToArray();
        string NameQuery(Random r) =>
            "/api/onestop/enterprises?limit=20&q=" + Uri.EscapeDataString(EnterpriseGenerator.NameQuery(r.NextInt64(settings.Enterprises / 2), r));
        string WardIndustryQuery(Random r) =>
            $"/api/onestop/enterprises?limit=20&ward={EnterpriseGenerator.Wards[r.Next(EnterpriseGenerator.Wards.Length)].Code}&industry={divisions[r.Next(divisions.Length)]}";
        string ShortNameQuery(Random r) =>
            "/api/onestop/enterprises?limit=20&q=" + Uri.EscapeDataString(EnterpriseGenerator.ShortNameQuery(r.NextInt64(settings.Enterprises / 2)));

        var random = new Random(20261121);
        var nameQueries = Enumerable.Range(0, settings.SearchQueries).Select(_ => NameQuery(random)).ToArray();
        var wardIndustryQueries = Enumerable.Range(0, settings.SearchQueries).Select(_ => WardIndustryQuery(random)).ToArray();
        // Drawn after the other two kinds, so their terms stay those of earlier runs.
        var shortNameQueries = Enumerable.Range(0, settings.SearchQueries).Select(_ => ShortNameQuery(random)).ToArray();

        // Warm-up: JIT, connections, the indexes' pages in PostgreSQL's cache. ./sme bench has just started every process
        // (the gateway twice), and until their code is compiled at its final tier every kind is slower: measured right
        // after 50 warm-up queries, name parts had p50 / p99 10.4 / 83.6 ms, and 4.9 / 37.3 ms when measured again on the
        // same processes (results.md, 2026-11-22 01:57–02:25). So every kind is warmed up, with terms of its own (another seed,
        // so the measured terms stay those of earlier runs), interleaved.
        var warmUpRandom = new Random(20261122);
        var warmUpQueries = Enumerable.Range(0, settings.SearchWarmUp)
            .SelectMany(_ => new[] { NameQuery(warmUpRandom), WardIndustryQuery(warmUpRandom), ShortNameQuery(warmUpRandom) })
            .ToArray();
        await LoadRun.RunAsync("warm-up", warmUpQueries.Length, settings.SearchConcurrency, i => GetAsync(client, warmUpQueries[i]), CancellationToken.None);

        var rows = new List<StepResult>();
        foreach (var (label, queries) in new[] { ("name part (q=)", nameQueries), ("ward + industry division", wardIndustryQueries), ("two-character name part (bare trade name)", shortNameQueries) })
        {
            var hits = 0L;
            var result = await LoadRun.RunAsync(label, queries.Length, settings.SearchConcurrency, async i =>
            {
                var (ok, count) = await GetCountAsync(client, queries[i]);
                Interlocked.Add(ref hits, count);
                return ok;
            }, CancellationToken.None);
            rows.Add(new("search", $"| search | {label}: p50 / p99 ms (aim p99 < 50) | **{result.P50Ms:F1} / {result.P99Ms:F1}** ({result.PerSecond:F0} queries/s, {hits * 1.0 / queries.Length:F1} hits per page, {result.Failures} failures) |"));
        }

        return rows;
    }

    /// <summary>Registrations through the gateway into the full register: validation, duplicate screening, insert, outbox, audit.</summary>
    private static async Task<IEnumerable<StepResult>> RegisterAsync(Settings settings, HttpClient client)
    {
        // Indexes far above the loaded ones and new on every run, so every registration is a new code.
        var first = 100_000_000L + DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 1_000_000 * 10_000;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<HttpStatusCode, int>();
        var result = await LoadRun.RunAsync("register", settings.Registrations, settings.RegistrationConcurrency, async i =>
        {
            var e = EnterpriseGenerator.Generate(first + i);
            using var response = await client.PostAsJsonAsync("/api/onestop/enterprises", new
            {
                e.Uscc, e.Name, e.Ward, e.IndustryCode, e.Employees, e.AnnualRevenue, e.TotalAssets, e.LegalRepresentative, e.Address,
                e.LegalForm, e.OwnershipType, e.Category, e.FoundingDate, e.RegisteredCapital, e.ContactPhone,
                // Generated names repeat trade names within a ward (as real ones do): the clerk confirms it is another firm.
                ConfirmNotDuplicate = true,
            });
            statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            return response.StatusCode == HttpStatusCode.Created;
        }, CancellationToken.None);
        var failures = string.Join(", ", statuses.Where(s => s.Key != HttpStatusCode.Created).Select(s => $"{(int)s.Key}×{s.Value}"));
        return
        [
            new("register", $"| register | registrations through the gateway at 1M | **{result.PerSecond:F0}/s** (p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms, {result.Failures} failures{(failures.Length > 0 ? ": " + failures : "")}) |"),
        ];
    }

    private static async Task<bool> GetAsync(HttpClient client, string path) => (await GetCountAsync(client, path)).Ok;

    private static async Task<(bool Ok, int Count)> GetCountAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (false, 0);
        }

        using var page = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return (true, page.RootElement.GetProperty("items").GetArrayLength());
    }

    private static async Task<string> SignInAsync(HttpClient client, string user)
    {
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = user, ["password"] = "demo",
        }));
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
