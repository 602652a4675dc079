using System.Text.Json;

namespace SmePlatform.Testing.Tests;

/// <summary>NodeScripts against tiny scripts in a temp folder with no packages (so nothing is installed), and npm's own failure.</summary>
public sealed class NodeScriptsTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("sme-node-scripts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_run_returns_the_exit_code_and_both_streams_whole()
    {
        var scripts = InFolder("echo.js", """
            console.log('out ' + process.argv.slice(2).join('|'));
            console.error('err line');
            process.exitCode = 3;
            """);

        var run = await scripts.RunAsync("echo.js", ["a b", "c"], environment: null, Generous);

        Assert.Equal(new NodeRun(3, "out a b|c\n", "err line\n"), run);
    }

    [Fact]
    public async Task A_run_passes_its_environment_on_top_of_this_process_environment()
    {
        var scripts = InFolder("env.js", "console.log(JSON.stringify({ added: process.env.SME_NODE_TEST, path: process.env.PATH }));");

        var run = await scripts.RunAsync("env.js", [], new Dictionary<string, string> { ["SME_NODE_TEST"] = "沈阳 value" }, Generous);

        var seen = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("沈阳 value", seen.GetProperty("added").GetString());
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), seen.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_run_past_its_timeout_kills_the_script_and_its_children_and_says_so()
    {
        // The child writes its own pid once it runs; the parent never ends by itself.
        var scripts = InFolder("hang.js", """
            const { spawn } = require('child_process');
            spawn(process.execPath, ['-e', "require('fs').writeFileSync('child.pid', String(process.pid)); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
            console.log('parent up');
            setInterval(() => {}, 1000);
            """);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => scripts.RunAsync("hang.js", [], environment: null, TimeSpan.FromSeconds(10)));

        Assert.Contains("did not end within 10 s; killed it and its child processes", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("parent up", timeout.Message, StringComparison.Ordinal);
        var child = int.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "child.pid")), System.Globalization.CultureInfo.InvariantCulture);
        await Poll.UntilAsync(() => Task.FromResult(!IsRunning(child)), TimeSpan.FromSeconds(10), $"the script's child process {child} to be gone");
    }

    [Fact]
    public async Task A_started_script_streams_over_stdin_stdout_and_stderr()
    {
        var scripts = InFolder("talk.js", """
            const lines = require('readline').createInterface({ input: process.stdin });
            lines.on('line', (line) => console.log(`echo ${line} ${process.argv[2]}`));
            lines.on('close', () => { console.error('stdin closed'); process.exit(5); });
            """);
        using var stuck = new CancellationTokenSource(Generous);

        using var node = await scripts.StartAsync("talk.js", ["x"]);
        await node.StandardInput.WriteLineAsync("hello");
        await node.StandardInput.FlushAsync();
        var echoed = await node.StandardOutput.ReadLineAsync(stuck.Token);
        node.StandardInput.Close();
        var said = await node.StandardError.ReadToEndAsync(stuck.Token);
        await node.WaitForExitAsync(stuck.Token);

        Assert.Equal("echo hello x", echoed);
        Assert.Equal("stdin closed\n", said);
        Assert.Equal(5, node.ExitCode);
    }

    [Fact]
    public async Task A_failed_npm_ci_fails_every_caller_with_npms_output_and_runs_once()
    {
        // No package.json or lock file here: npm ci refuses at once, without the network.
        var scripts = new NodeScripts(_folder, "left-pad");

        var first = await Assert.ThrowsAsync<InvalidOperationException>(scripts.EnsureInstalledAsync);
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => scripts.RunAsync("any.js", [], environment: null, Generous));

        Assert.Contains($"'npm ci --no-audit --no-fund' in {_folder} failed (exit ", first.Message, StringComparison.Ordinal);
        Assert.Contains("its scripts need left-pad", first.Message, StringComparison.Ordinal);
        Assert.Contains("package-lock.json", first.Message, StringComparison.Ordinal); // npm's own words
        Assert.Same(first, second);
    }

    [Fact]
    public async Task An_install_waits_for_another_process_npm_ci_in_the_folder_and_then_finds_the_packages()
    {
        var scripts = new NodeScripts(_folder, "left-pad");
        Task install;
        // Another test process installing here holds the folder's lock file.
        using (new FileStream(Path.Combine(_folder, ".npm-ci.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            install = scripts.EnsureInstalledAsync();
            var installed = Path.Combine(_folder, "node_modules", "left-pad");
            Directory.CreateDirectory(installed);
            await File.WriteAllTextAsync(Path.Combine(installed, "package.json"), "{}");
        }

        // Had it not waited, it would have run npm ci at once, which fails here (no package.json).
        await install.WaitAsync(Generous);
    }

    [Fact]
    public void The_shared_folders_pin_every_package_they_check_for()
    {
        foreach (var scripts in new[] { NodeScripts.GrpcJsPeers, NodeScripts.BankClient })
        {
            var dependencies = JsonDocument.Parse(File.ReadAllText(Path.Combine(scripts.Directory, "package.json"))).RootElement.GetProperty("dependencies");
            Assert.True(File.Exists(Path.Combine(scripts.Directory, "package-lock.json")), scripts.Directory);
            Assert.All(scripts.Packages, p => Assert.True(dependencies.TryGetProperty(p, out _), $"{scripts.Directory}/package.json lacks {p}"));
        }
    }

    private NodeScripts InFolder(string script, string source)
    {
        File.WriteAllText(Path.Combine(_folder, script), source);
        return new NodeScripts(_folder);
    }

    /// <summary>A killed process stays a zombie until its new parent reaps it: that counts as gone.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
