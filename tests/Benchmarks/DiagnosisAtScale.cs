using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using Npgsql;

namespace SmePlatform.Benchmarks;

/// <summary>
/// The Diagnosis service at the issue's scale, against ./sme up: diagnoses bulk-loaded into its database up to
/// <see cref="Settings.Diagnoses"/> (100,000), then one diagnosis' peer comparison (its indicators against the latest
/// diagnoses of its division, ward and cluster) through the gateway, against the baseline of a GET by id of the same
/// diagnosis through the gateway in the same run; then imports of a 10,000-row workbook end to end through the gateway.
/// </summary>
public static class DiagnosisAtScale
{
    public sealed record Settings(Uri Gateway, string DiagnosisDb, int Diagnoses, int Requests, int Concurrency, int Rounds, int ImportRows, int Imports,
        IReadOnlyList<string> Steps);

    /// <summary>Forty GB/T 4754 divisions (manufacturing and services) the loaded diagnoses spread over: about 2,500 per division at 100,000.</summary>
    private static readonly string[] Codes =
    [
        "C1310", "C1411", "C1512", "C1711", "C1810", "C1921", "C2011", "C2110", "C2211", "C2311", "C2411", "C2511", "C2611", "C2710", "C2811",
        "C2911", "C3011", "C3110", "C3211", "C3311", "C3411", "C3511", "C3670", "C3711", "C3811", "C3911", "C4011", "C4111", "C4210", "C4320",
        "E4710", "F5110", "F5211", "G5411", "H6110", "I6311", "I6510", "L7211", "M7310", "O8011",
    ];

    private static readonly string[] Wards = [.. EnterpriseGenerator.Wards.Select(w => w.Code)];

    public static async Task<string> RunAsync(Settings settings)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        // Access tokens live 10 minutes: each run and each import signs in afresh, so that none of them ends in 401s.
        async Task RenewAsync() =>
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(http, settings.Gateway, "advisor.chen"));
        await RenewAsync();
        using var admin = new HttpClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(admin, settings.Gateway, "admin"));

        // The subject: registered at the counter (so the cluster registry knows it: auto parts, C367), then diagnosed.
        var enterpriseId = await RegisterAsync(admin, settings.Gateway);
        var diagnosisId = await DiagnoseAsync(http, settings.Gateway, enterpriseId);
        var load = settings.Steps.Contains("peers") ? await LoadAsync(settings, diagnosisId) : (0, 0);

        var peersPath = new Uri(settings.Gateway, $"/api/diagnosis/diagnoses/{diagnosisId}/peers");
        var readPath = new Uri(settings.Gateway, $"/api/diagnosis/diagnoses/{diagnosisId}");
        var runs = new List<LoadResult>();
        for (var round = 0; round < settings.Rounds && settings.Steps.Contains("peers"); round++)
        {
            if (round == 0)
            {
                await WarmUpAsync(http, settings, readPath, peersPath);
            }

            // Alternate the order, so neither path always runs on the warmer machine.
            foreach (var (name, path) in round % 2 == 0 ? new[] { ("read", readPath), ("peers", peersPath) } : [("peers", peersPath), ("read", readPath)])
            {
                await RenewAsync();
                runs.Add(await LoadRun.RunAsync(name, settings.Requests, settings.Concurrency, _ => OkAsync(http, path), CancellationToken.None));
            }
        }

        var imports = new List<(double Seconds, bool Ok)>();
        for (var i = 0; i < settings.Imports && settings.Steps.Contains("import"); i++)
        {
            await RenewAsync();
            var workbook = Workbook(settings.ImportRows);
            using var content = new ByteArrayContent(workbook);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsync(new Uri(settings.Gateway, "/api/diagnosis/statement-imports?unit=wan"), content);
            imports.Add((clock.Elapsed.TotalSeconds, response.StatusCode == HttpStatusCode.OK));
            Console.WriteLine($"Import {i + 1}: {(int)response.StatusCode} in {clock.Elapsed.TotalSeconds:F1} s ({workbook.Length / 1024} KiB)");
        }

        return Report(settings, load, runs, imports);
    }

    private static async Task WarmUpAsync(HttpClient http, Settings settings, Uri readPath, Uri peersPath)
    {
        using (var first = await http.GetAsync(peersPath))
        {
            var text = await first.Content.ReadAsStringAsync();
            Console.WriteLine($"Peers: {(int)first.StatusCode} {text[..Math.Min(text.Length, 600)]}");
        }

        await LoadRun.RunAsync("warm-up", 300, settings.Concurrency, _ => OkAsync(http, readPath), CancellationToken.None);
        await LoadRun.RunAsync("warm-up", 300, settings.Concurrency, _ => OkAsync(http, peersPath), CancellationToken.None);
    }

    private static string Report(Settings settings, (long Stored, double Seconds) load, List<LoadResult> runs, List<(double Seconds, bool Ok)> imports)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var report = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        report.AppendLine(c, $"## {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: diagnosis at scale (peer comparison, statement import)");
        report.AppendLine();
        report.AppendLine(c, $"Machine: {Machine.Describe()}");
        report.AppendLine();
        if (runs.Count == 0)
        {
            return ImportLine(report, settings, imports).ToString();
        }

        report.AppendLine(c, $"Data: {load.Stored:N0} diagnoses stored ({load.Seconds:F0} s to load what was missing), over {Codes.Length} divisions and {Wards.Length} wards; the subject is an auto-parts firm (C3670, cluster registry consulted on every comparison). Load: {settings.Requests} requests per run, {settings.Concurrency} concurrent clients, {settings.Rounds} rounds alternating the order; medians over rounds; all through the gateway as advisor.");
        report.AppendLine();
        report.AppendLine("| request | per second | p50 ms | p99 ms | failures |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (name, label) in new[] { ("read", "GET /api/diagnosis/diagnoses/{id} (baseline)"), ("peers", "GET /api/diagnosis/diagnoses/{id}/peers") })
        {
            var mine = runs.Where(r => r.Target == name).ToList();
            report.AppendLine(c, $"| {label} | {Median(mine.Select(r => r.PerSecond)):F0} | {Median(mine.Select(r => r.P50Ms)):F1} | {Median(mine.Select(r => r.P99Ms)):F1} | {mine.Sum(r => r.Failures)} |");
        }

        var peersP99 = Median(runs.Where(r => r.Target == "peers").Select(r => r.P99Ms));
        var readP99 = Median(runs.Where(r => r.Target == "read").Select(r => r.P99Ms));
        report.AppendLine();
        report.AppendLine(c, $"**Peer comparison p99 {peersP99:F1} ms (target 50 ms); ratio to the GET by id p99: {peersP99 / readP99:F2}.**");
        report.AppendLine();
        return ImportLine(report, settings, imports).ToString();
    }

    private static StringBuilder ImportLine(StringBuilder report, Settings settings, List<(double Seconds, bool Ok)> imports)
    {
        if (imports.Count > 0)
        {
            var seconds = imports.Select(i => i.Seconds).Order().ToArray();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"**Import of {settings.ImportRows:N0} enterprise-years from one workbook through the gateway, end to end: {string.Join(", ", imports.Select(i => $"{i.Seconds:F1} s{(i.Ok ? "" : " (failed)")}"))} (median {seconds[seconds.Length / 2]:F1} s; target 10 s).**");
            report.AppendLine();
        }

        return report;
    }

    private static async Task<bool> OkAsync(HttpClient http, Uri path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>
    /// Copies the subject's own diagnosis (its stored result) into new enterprises' diagnoses until <see cref="Settings.Diagnoses"/>
    /// are stored, each indicator value scaled by a random factor, so that peers' quartiles are real quartiles.
    /// </summary>
    private static async Task<(long Stored, double Seconds)> LoadAsync(Settings settings, Guid template)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(settings.DiagnosisDb);
        await db.OpenAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM diagnoses", db))
        {
            var missing = settings.Diagnoses - (long)(await count.ExecuteScalarAsync())!;
            Console.WriteLine($"Loading {Math.Max(0, missing):N0} diagnoses");
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO diagnoses (id, enterprise_id, number, ward, industry_code, kind, fiscal_year, rank, pre_sort, assessment_band, total_score,
                                       band_table, catalogue_version, referral_id, advisor, created_at, result)
                SELECT gen_random_uuid(), gen_random_uuid(), 1, (@wards)[1 + (g % cardinality(@wards))], (@codes)[1 + (g % cardinality(@codes))], t.kind, t.fiscal_year, t.rank, t.pre_sort,
                       t.assessment_band, t.total_score, t.band_table, t.catalogue_version, NULL, t.advisor, t.created_at,
                       jsonb_set(t.result, '{indicators}', (
                           SELECT jsonb_agg(CASE WHEN jsonb_typeof(i->'value') = 'number'
                                                 THEN jsonb_set(i, '{value}', to_jsonb(round((i->>'value')::numeric * (0.2 + random() * 1.6)::numeric, 4)))
                                                 ELSE i END)
                           FROM jsonb_array_elements(t.result->'indicators') AS i))
                FROM diagnoses t, generate_series(1, @missing) AS g
                WHERE t.id = @template
                """, db) { CommandTimeout = 0 };
            insert.Parameters.AddWithValue("wards", Wards);
            insert.Parameters.AddWithValue("codes", Codes);
            insert.Parameters.AddWithValue("missing", (int)Math.Max(0, missing));
            insert.Parameters.AddWithValue("template", template);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE diagnoses", db))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await using var total = new NpgsqlCommand("SELECT count(*) FROM diagnoses", db);
        return ((long)(await total.ExecuteScalarAsync())!, clock.Elapsed.TotalSeconds);
    }

    private static async Task<Guid> RegisterAsync(HttpClient admin, Uri gateway)
    {
        var body = $$"""
            {"uscc":"{{EnterpriseGenerator.Uscc("91", "210106", Random.Shared.NextInt64(100_000_000, 800_000_000_000))}}","name":"诊断基准测试汽车零部件{{Guid.NewGuid():N}}","ward":"tiexi","industryCode":"C3670","employees":55,"annualRevenue":11000000,"totalAssets":8500000,"confirmNotDuplicate":true}
            """;
        using var response = await admin.PostAsync(new Uri(gateway, "/api/onestop/enterprises"), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Registering the subject answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> DiagnoseAsync(HttpClient http, Uri gateway, Guid enterpriseId)
    {
        var body = $$$"""
            {"enterpriseId":"{{{enterpriseId}}}","ward":"tiexi","industryCode":"C3670","kind":"quick","statements":[
             {"fiscalYear":2024,"sales":10000000,"costOfSales":7500000,"operatingProfit":600000,"netProfit":450000,"depreciation":200000,"receivables":1500000,"inventory":1000000,"payables":800000,"cash":900000,"borrowings":3000000,"currentAssets":3600000,"currentLiabilities":2400000,"totalAssets":8000000,"netAssets":3200000,"employees":50,"opening":{"receivables":1400000,"inventory":1050000,"payables":700000}},
             {"fiscalYear":2025,"sales":11000000,"costOfSales":8140000,"operatingProfit":770000,"netProfit":580000,"depreciation":230000,"receivables":1650000,"inventory":1100000,"payables":950000,"cash":1000000,"borrowings":3000000,"currentAssets":3900000,"currentLiabilities":2500000,"totalAssets":8500000,"netAssets":3780000,"employees":55}]}
            """;
        using var response = await http.PostAsync(new Uri(gateway, "/api/diagnosis/diagnoses"), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The subject's diagnosis answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Four years of rows/4 new enterprises in the template's columns (amounts in 万元), as an .xlsx file.</summary>
    private static byte[] Workbook(int rows)
    {
        string[] columns =
        [
            "enterpriseId", "ward", "fiscalYear", "sales", "costOfSales", "operatingProfit", "netProfit", "depreciation", "receivables", "inventory",
            "payables", "cash", "borrowings", "currentAssets", "currentLiabilities", "totalAssets", "netAssets", "employees", "totalLiabilities",
        ];
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("statements");
        for (var c = 0; c < columns.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = columns[c];
        }

        var row = 2;
        for (var e = 0; e < rows / 4; e++)
        {
            var id = Guid.CreateVersion7().ToString();
            for (var year = 2022; year <= 2025; year++, row++)
            {
                var sales = 1_000 + e + (year * 10);
                sheet.Cell(row, 1).Value = id;
                sheet.Cell(row, 2).Value = Wards[e % Wards.Length];
                sheet.Cell(row, 3).Value = year;
                double[] figures = [sales, sales * 0.74, sales * 0.07, sales * 0.05, 20, 150, 100, 80, 90, 300, 360, 240, 800, 320];
                for (var f = 0; f < figures.Length; f++)
                {
                    sheet.Cell(row, 4 + f).Value = Math.Round(figures[f], 2);
                }

                sheet.Cell(row, 18).Value = 50;
                sheet.Cell(row, 19).Value = 480;
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static async Task<string> SignInAsync(HttpClient client, Uri gateway, string user)
    {
        using var response = await client.PostAsync(new Uri(gateway, "/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = user, ["password"] = "demo",
        }));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }
}
