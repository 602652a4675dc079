using System.Collections.Concurrent;
using SmePlatform.Grpc.Tests.Probe;

namespace SmePlatform.Grpc.Tests;

/// <summary>The server side of probe.proto: what it does is chosen by the request.</summary>
public sealed class ProbeService
{
    private static readonly ConcurrentDictionary<string, int> Attempts = new();
    private static readonly ConcurrentDictionary<string, bool> Cancelled = new();

    public static int AttemptsFor(string key) => Attempts.GetValueOrDefault(key);

    public static bool WasCancelled(string key) => Cancelled.ContainsKey(key);

    public async Task<ProbeReply> Echo(ProbeRequest request, ServerCallContext context)
    {
        var attempt = Attempts.AddOrUpdate(request.Key, 1, (_, n) => n + 1);
        if (request.DelayMs > 0)
        {
            try
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled[request.Key] = true;
                throw;
            }
        }

        switch (request.FailWith)
        {
            case "notfound": throw new KeyNotFoundException($"Enterprise {request.Text} was not found.");
#pragma warning disable CA2208 // the "parameter" is a field of the request, as in a real handler
            case "argument": throw new ArgumentException("must be 18 characters", "uscc");
#pragma warning restore CA2208
            case "validation": throw new GrpcValidationException("Invalid enterprise", new Dictionary<string, string[]> { ["name"] = ["required"] });
            case "boom": throw new InvalidOperationException("Host=db;Password=secret");
            case "denied": throw new UnauthorizedAccessException("ward 7 only");
            case "rpc": throw new RpcException(new Status(StatusCode.AlreadyExists, "已存在"), new Metadata().Add("x-existing-id", "42"));
            case "status":
                context.Status = new Status(StatusCode.FailedPrecondition, "set, not thrown");
                return new ProbeReply();
            case var unavailable when unavailable.StartsWith("unavailable-", StringComparison.Ordinal)
                && attempt <= int.Parse(unavailable["unavailable-".Length..], System.Globalization.CultureInfo.InvariantCulture):
                throw new RpcException(new Status(StatusCode.Unavailable, $"attempt {attempt} refused"));
        }

        context.ResponseTrailers.Add("x-attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new ProbeReply
        {
            Text = request.Text,
            ProbeHeader = context.RequestHeaders.GetValue("x-probe") ?? string.Empty,
            Authorization = context.RequestHeaders.GetValue("authorization") ?? string.Empty,
            DeadlineInMs = context.Deadline == DateTime.MaxValue ? -1 : (long)(context.Deadline - DateTime.UtcNow).TotalMilliseconds,
            BinaryHeader = Google.Protobuf.ByteString.CopyFrom(context.RequestHeaders.GetValueBytes("x-blob-bin") ?? []),
        };
    }

    public Task<ProbeReply> Lookup(ProbeRequest request, ServerCallContext context) => Echo(request, context);

    public async Task Count(ProbeRequest request, IServerStreamWriter<ProbeReply> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new ProbeReply { Text = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            if (request.DelayMs > 0)
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }
        }
    }

    public async Task<ProbeReply> Sum(IAsyncStreamReader<ProbeRequest> requestStream, ServerCallContext context)
    {
        var total = 0;
        await foreach (var request in requestStream.ReadAllAsync())
        {
            total += request.Count;
        }

        return new ProbeReply { Text = total.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }
}
