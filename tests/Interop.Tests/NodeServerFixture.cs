using System.Diagnostics;
using SmePlatform.Testing;

namespace SmePlatform.Interop.Tests;

/// <summary>The grpc-js TestService server (node/server.js) on a free loopback port.</summary>
public sealed class NodeServerFixture : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; private set; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public async Task InitializeAsync()
    {
        _process = await NodeScripts.GrpcJsPeers.StartAsync("server.js", ["0"]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"node server.js exited: {await _process.StandardError.ReadToEndAsync()}");
            if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                Port = int.Parse(line["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
        }

        // Keep draining its output so a chatty peer never blocks on a full pipe.
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _ = _process.StandardOutput.ReadToEndAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
