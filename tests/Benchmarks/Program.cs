using System.Globalization;
using System.Text;
using SmePlatform.Benchmarks;

// --scenario gateway (default): against the platform that `./sme up` started (./sme bench does both). Options:
// --gateway URL --direct URL --requests N --concurrency N --rounds N --out FILE.
// --scenario grpc: self-contained (in-process servers and Node, no platform): our gRPC stack against bare Kestrel HTTP/2
// and grpc-js. Options: --grpc-requests N --grpc-concurrency N --stream-messages N --rounds N --out FILE.
// --scenario register-1m: against ./sme up: generated enterprises COPY-loaded into OneStop's database up to
// --enterprises N (1,000,000), then search (name part; ward + industry; two-character name part) and registrations
// through the gateway, then the reclassification of the register under a newly published size rule set version.
// Options: --onestop-db CS --enterprises N --search-queries N --search-concurrency N --search-warmup N (warm-up queries per
// search kind, 500) --registrations N --concurrency N
// --steps load,search,register,reclassify (a subset, in that order) --relay-timeout-seconds N (how long to wait for the outbox).
// --scenario bank-submit: against ./sme up: partner-bank submissions through the gateway vs pgbench's bare INSERT
// transaction on the same server. Options: --guarantee-db CS --onestop-db CS --pgbench PATH --submissions N
// --concurrency N --pgbench-seconds N --state DIR (./sme's state folder, .sme: whose processes' CPU are accounted)
// --warm-up N (3000 submissions before the measured ones: the gateway is restarted just before, and the hosts' JIT
// compiles in the background for thousands of requests; the measured run is the steady state).
// --scenario diagnosis: against ./sme up: diagnoses bulk-loaded into Diagnosis' database up to --diagnoses N (100,000), then
// one diagnosis' peer comparison through the gateway vs a GET by id of the same diagnosis (baseline), then imports of a
// workbook of --import-rows N (10,000) enterprise-years through the gateway. Options: --diagnosis-db CS --requests N
// --concurrency N --rounds N --imports N --steps peers,import (a subset).
// --scenario all: gateway and grpc (register-1m and bank-submit are run by name: they load a million rows).
var options = Options.Parse(args);
if (options.Scenario is not ("gateway" or "grpc" or "all" or "register-1m" or "bank-submit" or "diagnosis"))
{
    Console.Error.WriteLine($"Unknown --scenario '{options.Scenario}': gateway (default), grpc, register-1m, bank-submit, diagnosis or all.");
    return 2;
}

if (options.Scenario is "register-1m" or "bank-submit" or "diagnosis")
{
    var report = options.Scenario == "diagnosis"
        ? await DiagnosisAtScale.RunAsync(new DiagnosisAtScale.Settings(options.Gateway, options.Get("diagnosis-db", Options.Database("sme_diagnosis")),
            options.Int("diagnoses", 100_000), options.Int("requests", 2000), options.Int("concurrency", 8), options.Int("rounds", 3),
            options.Int("import-rows", 10_000), options.Int("imports", 3),
            options.Get("steps", "peers,import").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        : options.Scenario == "register-1m"
        ? await RegisterAtScale.RunAsync(new RegisterAtScale.Settings(options.Gateway, options.Get("onestop-db", Options.Database("sme_onestop")),
            options.Int("enterprises", 1_000_000), options.Int("search-queries", 500), options.Int("search-concurrency", 4), options.Int("search-warmup", 500),
            options.Int("registrations", 2000), options.Int("concurrency", 16),
            options.Get("steps", "load,search,register,reclassify").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            TimeSpan.FromSeconds(options.Int("relay-timeout-seconds", 900))))
        : await BankSubmit.RunAsync(new BankSubmit.Settings(options.Gateway, options.Get("guarantee-db", Options.Database("sme_guarantee")),
            options.Get("onestop-db", Options.Database("sme_onestop")), options.Get("pgbench", "/usr/lib/postgresql/15/bin/pgbench"),
            options.Int("submissions", 3000), options.Int("concurrency", 16), options.Int("pgbench-seconds", 30),
            options.Get("state", ".sme"), options.Int("warm-up", 3000)));
    Directory.CreateDirectory(Path.GetDirectoryName(options.Out)!);
    await File.AppendAllTextAsync(options.Out, report);
    Console.WriteLine();
    Console.WriteLine(report);
    Console.WriteLine($"Appended to {options.Out}");
    return 0;
}

var failed = false;
if (options.Scenario is "gateway" or "all")
{
    failed |= !await RunGatewayOverheadAsync(options);
}

if (options.Scenario is "grpc" or "all")
{
    var grpcReport = await GrpcBenchmark.RunAsync(options.GrpcRequests, options.GrpcConcurrency, options.Rounds, options.StreamMessages);
    Directory.CreateDirectory(Path.GetDirectoryName(options.Out)!);
    await File.AppendAllTextAsync(options.Out, grpcReport);
    Console.WriteLine();
    Console.WriteLine(grpcReport);
    Console.WriteLine($"Appended to {options.Out}");
}

return failed ? 1 : 0;

static async Task<bool> RunGatewayOverheadAsync(Options options)
{
Console.WriteLine($"Gateway overhead: {options.Requests} registrations and reads x {options.Rounds} rounds, concurrency {options.Concurrency}");
var results = await GatewayOverhead.RunAsync(options.Gateway, options.Direct, options.Requests, options.Concurrency, options.Rounds);

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"## {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: gateway overhead (registrations and reads)");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
report.AppendLine(CultureInfo.InvariantCulture, $"Load: {options.Requests} requests per run, {options.Concurrency} concurrent clients, {options.Rounds} rounds alternating the order; medians over rounds. Registrations spread over the 13 wards with distinct names; reads are GET /api/onestop/enterprises/{{id}} of enterprises registered in the run.");
report.AppendLine();
report.AppendLine("| request | path | per second | p50 ms | p99 ms | failures |");
report.AppendLine("|---|---|---:|---:|---:|---:|");
var ratios = new List<string>();
foreach (var (label, suffix) in new[] { ("POST register", ""), ("GET by id", "-read") })
{
    var direct = results.Where(r => r.Target == "direct" + suffix).ToList();
    var gateway = results.Where(r => r.Target == "gateway" + suffix).ToList();
    foreach (var (name, runs) in new[] { ("straight to OneStop", direct), ("through the gateway", gateway) })
    {
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {label} | {name} | {Median(runs.Select(r => r.PerSecond)):F0} | {Median(runs.Select(r => r.P50Ms)):F1} | {Median(runs.Select(r => r.P99Ms)):F1} | {runs.Sum(r => r.Failures)} |");
    }

    ratios.Add($"{label} {Median(gateway.Select(r => r.PerSecond)) / Median(direct.Select(r => r.PerSecond)):F2}");
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"**Gateway throughput ratio (gateway ÷ direct; 1.00 = no overhead): {string.Join("; ", ratios)}.**");
report.AppendLine();

Directory.CreateDirectory(Path.GetDirectoryName(options.Out)!);
await File.AppendAllTextAsync(options.Out, report.ToString());
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Appended to {options.Out}");
return results.Sum(r => r.Failures) == 0;
}

internal sealed record Options(Uri Gateway, Uri Direct, int Requests, int Concurrency, int Rounds, string Out,
    string Scenario, int GrpcRequests, int GrpcConcurrency, int StreamMessages)
{
    private string[] Args { get; init; } = [];

    public string Get(string name, string fallback)
    {
        var i = Array.IndexOf(Args, "--" + name);
        return i >= 0 && i + 1 < Args.Length ? Args[i + 1] : fallback;
    }

    public int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>A database of ./sme up's PostgreSQL (SME_PG_PORT, 55432 by default).</summary>
    public static string Database(string name) =>
        $"Host=127.0.0.1;Port={Environment.GetEnvironmentVariable("SME_PG_PORT") ?? "55432"};Database={name};Username=postgres;Timeout=30;Command Timeout=0";

    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new Options(
            new Uri(Get("gateway", "http://127.0.0.1:8080")),
            new Uri(Get("direct", "http://127.0.0.1:5101")),
            int.Parse(Get("requests", "2000"), CultureInfo.InvariantCulture),
            int.Parse(Get("concurrency", "16"), CultureInfo.InvariantCulture),
            int.Parse(Get("rounds", "3"), CultureInfo.InvariantCulture),
            Get("out", Path.Combine(FindRoot(), "tests", "Benchmarks", "results", "results.md")),
            Get("scenario", "gateway"),
            int.Parse(Get("grpc-requests", "20000"), CultureInfo.InvariantCulture),
            int.Parse(Get("grpc-concurrency", "16"), CultureInfo.InvariantCulture),
            int.Parse(Get("stream-messages", "100000"), CultureInfo.InvariantCulture)) { Args = args };
    }

    public static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmePlatform.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
