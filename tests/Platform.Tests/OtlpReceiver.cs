using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// A minimal OTLP/HTTP receiver on loopback: the platform's processes export their spans here with the real
/// OpenTelemetry exporter (http/protobuf), and tests look for a trace id in what arrived. Payloads are kept raw: a
/// span's 16-byte trace id and the resource's service.name appear verbatim in the protobuf, which is all a
/// "did this service take part in this trace" check needs, without compiling the OTLP protos.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<byte[]> payloads = new();

    private OtlpReceiver(WebApplication app, int port)
    {
        this.app = app;
        Endpoint = new Uri($"http://127.0.0.1:{port}/v1/traces");
    }

    public Uri Endpoint { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, port);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.payloads.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Whether a process whose service.name is <paramref name="service"/> exported a span of the trace.</summary>
    public bool SawTrace(string service, System.Diagnostics.ActivityTraceId traceId)
    {
        Span<byte> id = stackalloc byte[16];
        traceId.CopyTo(id);
        // The resource attribute as protobuf encodes it: key "service.name", then field 2 (AnyValue) holding field 1
        // (string_value) = the name. Matching the whole attribute avoids counting "stats" in some URL of another service.
        var value = System.Text.Encoding.UTF8.GetBytes(service);
        byte[] name = [.. "service.name"u8, 0x12, (byte)(value.Length + 2), 0x0A, (byte)value.Length, .. value];
        foreach (var payload in payloads)
        {
            if (payload.AsSpan().IndexOf(id) >= 0 && payload.AsSpan().IndexOf(name) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
