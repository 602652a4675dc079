using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.OneStop.V1;

namespace SmePlatform.Benchmarks;

/// <summary>
/// grpc-dotnet (Grpc.AspNetCore server + Grpc.Net.Client, one process, h2c on loopback) against (1) a bare Kestrel HTTP/2
/// endpoint writing the same response bytes to a bare HttpClient — the limit of the HTTP/2 stack underneath us — and
/// (2) @grpc/grpc-js server and client processes on the same machine. Unary GetEnterprise round trips in a closed loop,
/// alternating targets in rounds; then ListEnterprises server-streaming throughput. Fixed data, no database.
/// </summary>
public static class GrpcBenchmark
{
    private const string BarePath = "/bare/smeplatform.onestop.v1.EnterpriseDirectory/GetEnterprise";

    public static Enterprise Sample { get; } = new()
    {
        Id = "01932c5e-7a4b-7c3d-9a52-3f4e5d6c7b8a",
        Uscc = "91210102MA0000001D",
        Name = "沈阳和平精密仪器有限公司",
        Ward = "heping",
        IndustryCode = "C4011",
        Employees = 85,
        AnnualRevenue = new DecimalValue { Units = 32_000_000 },
        TotalAssets = new DecimalValue { Units = 21_000_000, Nanos = 500_000_000 },
        Currency = "CNY",
        RegisteredAt = new Timestamp { Seconds = 1_795_000_000 },
    };

    public static async Task<string> RunAsync(int requests, int concurrency, int rounds, int streamMessages)
    {
        await using var server = await StartServerAsync();
        using var channel = GrpcChannel.ForAddress(server.Url);
        var directory = new EnterpriseDirectory.EnterpriseDirectoryClient(channel);
        // The same HTTP/2 settings grpc-dotnet gives its own SocketsHttpHandler.
        using var bareHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan };
        using var bare = new HttpMessageInvoker(bareHandler);
        var bareUri = new Uri(server.Url, BarePath);
        var requestFrame = Frame(new GetEnterpriseRequest { Id = Sample.Id });

        await using var node = await NodeServer.StartAsync();
        var nodeTarget = $"127.0.0.1:{node.Port}";

        Func<int, Task<bool>> ours = async _ =>
        {
            var reply = await directory.GetEnterpriseAsync(new GetEnterpriseRequest { Id = Sample.Id }, deadline: DateTime.UtcNow.AddSeconds(30));
            return reply.Employees == Sample.Employees;
        };
        Func<int, Task<bool>> kestrel = _ => BareCallAsync(bare, bareUri, requestFrame);

        Console.WriteLine($"gRPC: unary GetEnterprise, {requests} calls x {rounds} rounds, {concurrency} concurrent; warming up");
        await LoadRun.RunAsync("warm-up", 3_000, concurrency, ours, CancellationToken.None);
        await LoadRun.RunAsync("warm-up", 3_000, concurrency, kestrel, CancellationToken.None);
        await NodeUnaryAsync(nodeTarget, 3_000, concurrency);

        var results = new List<LoadResult>();
        for (var round = 0; round < rounds; round++)
        {
            var order = new (string Name, Func<Task<LoadResult>> Run)[]
            {
                ("ours", () => LoadRun.RunAsync("ours", requests, concurrency, ours, CancellationToken.None)),
                ("bare Kestrel", () => LoadRun.RunAsync("bare Kestrel", requests, concurrency, kestrel, CancellationToken.None)),
                ("grpc-js", () => NodeUnaryAsync(nodeTarget, requests, concurrency)),
            };
            foreach (var (name, run) in round % 2 == 0 ? order : order.Reverse())
            {
                var result = await run();
                Console.WriteLine($"  round {round + 1} {name,-13} {result.PerSecond,8:F0}/s  p50 {result.P50Ms,6:F2} ms  p99 {result.P99Ms,6:F2} ms  failures {result.Failures}");
                results.Add(result);
            }
        }

        Console.WriteLine($"gRPC: server streaming ListEnterprises, {streamMessages} messages");
        var ourStream = new List<double>();
        var nodeStream = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            ourStream.Add(await OurStreamAsync(directory, streamMessages));
            nodeStream.Add(await NodeStreamAsync(nodeTarget, streamMessages));
            Console.WriteLine($"  round {round + 1} ours {ourStream[^1],10:F0} msg/s   grpc-js {nodeStream[^1],10:F0} msg/s");
        }

        return Report(results, ourStream, nodeStream, requests, concurrency, rounds, streamMessages);
    }

    private static string Report(List<LoadResult> results, List<double> ourStream, List<double> nodeStream,
        int requests, int concurrency, int rounds, int streamMessages)
    {
        double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: gRPC on grpc-dotnet");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        report.Append(CultureInfo.InvariantCulture,
                $"Load: unary smeplatform.onestop.v1.EnterpriseDirectory/GetEnterprise ({Sample.CalculateSize()}-byte reply), {requests} calls per run, {concurrency} concurrent callers, closed loop, {rounds} rounds alternating the order; medians over rounds. h2c on loopback, fixed data (no database). ")
            .Append("Ours: grpc-dotnet server (Grpc.AspNetCore) and client (Grpc.Net.Client) in one .NET process. Bare Kestrel: the same Kestrel HTTP/2 listener, from a plain endpoint doing the minimum any gRPC server must (read the whole request body, write the same 5-byte-prefixed reply and a grpc-status trailer, one write at the end), to a plain HttpMessageInvoker on a handler with the same SocketsHttpHandler settings (ByteArrayContent request, ReadAsByteArrayAsync), the limit of the stack we build on. ")
            .AppendLine(CultureInfo.InvariantCulture, $"grpc-js: @grpc/grpc-js server and client, one Node {NodeServer.Version} process each.");
        report.AppendLine();
        report.AppendLine("| stack | round trips/s | p50 ms | p99 ms | failures |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var name in new[] { "ours", "bare Kestrel", "grpc-js" })
        {
            var runs = results.Where(r => r.Target == name).ToList();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {Median(runs.Select(r => r.PerSecond)):F0} | {Median(runs.Select(r => r.P50Ms)):F2} | {Median(runs.Select(r => r.P99Ms)):F2} | {runs.Sum(r => r.Failures)} |");
        }

        double PerSecond(string name) => Median(results.Where(r => r.Target == name).Select(r => r.PerSecond));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"**Ours ÷ bare Kestrel: {PerSecond("ours") / PerSecond("bare Kestrel"):F2}** (aim ≥ 0.8). **Ours ÷ grpc-js: {PerSecond("ours") / PerSecond("grpc-js"):F2}** (aim ≥ 2).");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Server streaming (ListEnterprises, {streamMessages} messages in one call, median of {rounds}): **ours {Median(ourStream):F0} messages/s**, grpc-js {Median(nodeStream):F0} messages/s (ratio {Median(ourStream) / Median(nodeStream):F2}).");
        report.AppendLine();
        return report.ToString();
    }

    private static async Task<double> OurStreamAsync(EnterpriseDirectory.EnterpriseDirectoryClient directory, int messages)
    {
        var clock = Stopwatch.StartNew();
        var received = 0;
        using var call = directory.ListEnterprises(new ListEnterprisesRequest { PageSize = messages }, deadline: DateTime.UtcNow.AddMinutes(2));
        await foreach (var _ in call.ResponseStream.ReadAllAsync())
        {
            received++;
        }

        return received == messages ? received / clock.Elapsed.TotalSeconds : throw new InvalidOperationException($"received {received} of {messages}");
    }

    private static async Task<bool> BareCallAsync(HttpMessageInvoker invoker, Uri uri, byte[] requestFrame)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(requestFrame),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        using var response = await invoker.SendAsync(request, CancellationToken.None);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.TrailingHeaders.TryGetValues("grpc-status", out var status) && status.First() == "0"
            && Enterprise.Parser.ParseFrom(body.AsSpan(5)).Employees == Sample.Employees;
    }

    private static byte[] Frame(IMessage message)
    {
        var frame = new byte[5 + message.CalculateSize()];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(frame.Length - 5));
        message.WriteTo(frame.AsSpan(5));
        return frame;
    }

    private static async Task<LoadResult> NodeUnaryAsync(string target, int requests, int concurrency)
    {
        var json = await NodeServer.RunClientAsync("unary", "--target", target, "--requests", requests.ToString(CultureInfo.InvariantCulture),
            "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture));
        var perSecond = json.GetProperty("perSecond").GetDouble();
        return new LoadResult("grpc-js", requests, json.GetProperty("failures").GetInt32(), TimeSpan.FromSeconds(requests / perSecond),
            json.GetProperty("p50Ms").GetDouble(), json.GetProperty("p99Ms").GetDouble());
    }

    private static async Task<double> NodeStreamAsync(string target, int messages)
    {
        var json = await NodeServer.RunClientAsync("stream", "--target", target, "--messages", messages.ToString(CultureInfo.InvariantCulture));
        return json.GetProperty("messages").GetInt32() == messages
            ? json.GetProperty("messagesPerSecond").GetDouble()
            : throw new InvalidOperationException($"grpc-js received {json.GetProperty("messages")} of {messages}");
    }

    private static async Task<BenchServer> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<BenchDirectory>();

        var replyBytes = Frame(Sample);
        app.MapPost(BarePath, async context =>
        {
            // The least any gRPC server must do, done the cheapest way the stack allows: read the whole request
            // body, answer the same framed bytes and a grpc-status trailer. The reply is written without a flush
            // of its own, so Kestrel sends headers, DATA and trailers in one write at the end (a WriteAsync here would
            // flush first and cost the baseline an extra write).
            while (true)
            {
                var read = await context.Request.BodyReader.ReadAsync();
                context.Request.BodyReader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            context.Response.ContentType = "application/grpc";
            context.Response.BodyWriter.Write(replyBytes);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BenchServer(app, new Uri(address));
    }

    private sealed record BenchServer(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    /// <summary>Fixed answers, as the grpc-js server in node/bench.js gives.</summary>
    internal sealed class BenchDirectory : EnterpriseDirectory.EnterpriseDirectoryBase
    {
        public override Task<Enterprise> GetEnterprise(GetEnterpriseRequest request, ServerCallContext context) => Task.FromResult(Sample);

        public override async Task ListEnterprises(ListEnterprisesRequest request, IServerStreamWriter<Enterprise> responseStream, ServerCallContext context)
        {
            for (var i = 0; i < request.PageSize; i++)
            {
                await responseStream.WriteAsync(Sample, context.CancellationToken);
            }
        }
    }

    /// <summary>tests/Interop.Tests/node/bench.js: the grpc-js server (kept running) and its client runs (one process each).</summary>
    private sealed class NodeServer : IAsyncDisposable
    {
        private static readonly string Directory = Path.Combine(Options.FindRoot(), "tests", "Interop.Tests", "node");
        private readonly Process _process;

        private NodeServer(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public static string Version { get; private set; } = "?";

        public int Port { get; }

        public static async Task<NodeServer> StartAsync()
        {
            if (!File.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js", "package.json")))
            {
                var (code, log) = await RunAsync("npm", "ci", "--no-audit", "--no-fund");
                if (code != 0)
                {
                    throw new InvalidOperationException("npm ci failed in " + Directory + ": " + log);
                }
            }

            Version = (await RunAsync("node", "--version")).Output.Trim();
            var process = Process.Start(StartInfo("node", "bench.js", "server"))!;
            var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the grpc-js server did not start: " + await process.StandardError.ReadToEndAsync());
            return new NodeServer(process, int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture));
        }

        public static async Task<JsonElement> RunClientAsync(params string[] arguments)
        {
            var (code, output) = await RunAsync("node", ["bench.js", .. arguments]);
            return code == 0
                ? JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone()
                : throw new InvalidOperationException("grpc-js client failed: " + output);
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5_000))
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
        {
            using var process = Process.Start(StartInfo(fileName, arguments))!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }

        private static ProcessStartInfo StartInfo(string fileName, params string[] arguments)
        {
            var startInfo = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            return startInfo;
        }
    }
}
