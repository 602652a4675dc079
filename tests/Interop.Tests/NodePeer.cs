using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace SmePlatform.Interop.Tests;

/// <summary>Runs the @grpc/grpc-js peer scripts in ./node, installing their packages first when needed.</summary>
internal static class NodePeer
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory { get; } = Path.Combine(
        typeof(NodePeer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "InteropProjectDirectory").Value!,
        "node");

    /// <summary>CI runs "npm ci" beforehand; when node_modules is missing (a fresh clone) we run it ourselves rather than skip.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (IsInstalled())
            {
                return;
            }

            var (exitCode, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (exitCode != 0 || !IsInstalled())
            {
                throw new InvalidOperationException(
                    $"'npm ci' in {Directory} failed (exit {exitCode}); the interop tests need @grpc/grpc-js from the npm registry.{Environment.NewLine}{output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        return await RunAsync("node", [script, .. arguments], timeout);
    }

    public static async Task<Process> StartScriptAsync(string script, params string[] arguments)
    {
        await EnsureInstalledAsync();
        var process = new Process { StartInfo = CreateStartInfo("node", [script, .. arguments]) };
        process.StartInfo.RedirectStandardInput = true;
        process.Start();
        return process;
    }

    private static bool IsInstalled() =>
        File.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js", "package.json"))
        && File.Exists(Path.Combine(Directory, "node_modules", "@grpc", "proto-loader", "package.json"));

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = CreateStartInfo(fileName, arguments) };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                return (-1, $"timed out after {timeout}{Environment.NewLine}{output}");
            }
        }

        // WaitForExitAsync returns after the output streams are drained.
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static ProcessStartInfo CreateStartInfo(string fileName, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
