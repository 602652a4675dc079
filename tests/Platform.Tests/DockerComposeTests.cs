using System.Diagnostics;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// docker-compose.yml is for machines with a Docker engine; ours have only the client, so the file is checked
/// the way Docker itself reads it: `docker compose config` (or the standalone docker-compose where the plugin is
/// missing; ./sme test installs Debian's). Not running it here would let the file rot unnoticed.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string[] Expected = ["postgres", "rabbitmq", "onestop", "guarantee", "diagnosis", "matching", "stats", "gateway"];

    [Fact]
    public async Task The_compose_file_is_valid_and_runs_every_component()
    {
        var (code, output) = await Compose("config", "--services");

        Assert.True(code == 0, $"compose config failed ({code}):\n{output}");
        var services = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(Expected.Order(StringComparer.Ordinal), services.Order(StringComparer.Ordinal));
    }

    private static async Task<(int Code, string Output)> Compose(params string[] arguments)
    {
        // Prefer the Docker CLI plugin; fall back to the standalone v1 binary.
        foreach (var (file, prefix) in new[] { ("docker", new[] { "compose" }), ("docker-compose", Array.Empty<string>()) })
        {
            var result = await Run(file, [.. prefix, "version"]);
            if (result.Code == 0)
            {
                return await Run(file, [.. prefix, "-f", Path.Combine(RepoPaths.Root, "docker-compose.yml"), .. arguments]);
            }
        }

        throw new InvalidOperationException("Neither `docker compose` nor `docker-compose` is installed; ./sme test installs docker-compose.");
    }

    private static async Task<(int Code, string Output)> Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, file + " not found");
        }
    }
}
