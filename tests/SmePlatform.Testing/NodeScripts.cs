using System.ComponentModel;
using System.Diagnostics;

namespace SmePlatform.Testing;

/// <summary>What a Node.js script that ran to its end left: its exit code and both output streams, each whole.</summary>
public sealed record NodeRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// A folder of Node.js scripts that tests run as third-party peers (a grpc-js client or server, a partner bank's
/// OpenAPI client), with the npm packages those scripts need. <c>./sme test</c> (and so CI) runs <c>npm ci</c> in each
/// such folder beforehand; a fresh clone has no node_modules yet, so the first run or start here installs them instead
/// of skipping the test, and a failed install fails the test with npm's own output.
/// </summary>
public sealed class NodeScripts
{
    private const string LockFileName = ".npm-ci.lock";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(5);

    private static readonly Lazy<NodeScripts> GrpcJsPeersFolder =
        new(() => new(Path.Combine(RepoPaths.Root, "tests", "Interop.Tests", "node"), "@grpc/grpc-js", "@grpc/proto-loader"));

    private static readonly Lazy<NodeScripts> BankClientFolder =
        new(() => new(Path.Combine(RepoPaths.Root, "tests", "BankClient"), "openapi-client-axios", "axios", "ajv", "ajv-formats"));

    private readonly Lazy<Task> _install;

    /// <param name="directory">The folder holding the scripts, package.json and package-lock.json; scripts run in it.</param>
    /// <param name="packages">The npm packages (as named in node_modules) that must be there; none: nothing is installed.</param>
    public NodeScripts(string directory, params string[] packages)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        Packages = packages;
        _install = new Lazy<Task>(InstallAsync);
    }

    /// <summary>
    /// tests/Interop.Tests/node, the @grpc/grpc-js peers: server.js and client.js (Interop.Tests), directory-client.js
    /// (Platform.Tests), bank-watch-client.js (CreditGuarantee.Tests).
    /// </summary>
    public static NodeScripts GrpcJsPeers => GrpcJsPeersFolder.Value;

    /// <summary>tests/BankClient: bank-client.js, a partner bank that knows only the bank OpenAPI document (Platform.Tests).</summary>
    public static NodeScripts BankClient => BankClientFolder.Value;

    public string Directory { get; }

    public IReadOnlyList<string> Packages { get; }

    /// <summary>
    /// Runs <c>npm ci --no-audit --no-fund</c> when a package is missing, at most once per instance and so once per
    /// folder and test process (use the shared instances above): later calls get the same outcome, a failure included,
    /// rather than a second five-minute attempt. Throws with npm's output when npm fails or leaves a package missing.
    /// </summary>
    public Task EnsureInstalledAsync() => _install.Value;

    /// <summary>
    /// Runs <c>node <paramref name="script"/> <paramref name="arguments"/></c> to its end, with
    /// <paramref name="environment"/> added to this process's environment and its stdin closed. When it has not ended
    /// within <paramref name="timeout"/>, kills it with its child processes and throws a <see cref="TimeoutException"/>
    /// holding what it had written.
    /// </summary>
    public async Task<NodeRun> RunAsync(
        string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        await EnsureInstalledAsync().ConfigureAwait(false);
        return await RunProcessAsync("node", [script, .. arguments], environment, timeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts <c>node <paramref name="script"/> <paramref name="arguments"/></c> for a peer that talks while it runs (a
    /// server that prints its port, a client that prints each streamed message). Its stdin, stdout and stderr are
    /// redirected; the caller reads them (or drains them, so that a chatty script never blocks on a full pipe) and
    /// stops and disposes the process.
    /// </summary>
    public async Task<Process> StartAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        await EnsureInstalledAsync().ConfigureAwait(false);
        return StartProcess("node", [script, .. arguments], environment);
    }

    private async Task InstallAsync()
    {
        if (!System.IO.Directory.Exists(Directory))
            throw new DirectoryNotFoundException($"No Node.js scripts folder at {Directory}.");

        await using var folderLock = await LockFolderAsync().ConfigureAwait(false);
        if (MissingPackages().Count == 0)
            return;

        var npm = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], environment: null, InstallTimeout).ConfigureAwait(false);
        var missing = MissingPackages();
        if (npm.ExitCode != 0 || missing.Count > 0)
        {
            var outcome = npm.ExitCode != 0 ? $"failed (exit {npm.ExitCode})" : $"left {string.Join(", ", missing)} missing";
            throw new InvalidOperationException(
                $"'npm ci --no-audit --no-fund' in {Directory} {outcome}; its scripts need {string.Join(", ", Packages)} "
                + $"from the npm registry. npm said:{Environment.NewLine}{npm.Stdout}{npm.Stderr}");
        }
    }

    private List<string> MissingPackages() =>
        [.. Packages.Where(p => !File.Exists(Path.Combine(Directory, "node_modules", p, "package.json")))];

    /// <summary>
    /// Test assemblies run in parallel and three of them use tests/Interop.Tests/node; "npm ci" deletes node_modules
    /// first, so two at once in one folder would break each other. An exclusive lock on a file in the folder (git
    /// ignores it; node_modules would not do, npm ci deletes it) lets one test process install while the others wait,
    /// then find the packages there.
    /// </summary>
    private async Task<FileStream> LockFolderAsync()
    {
        var path = Path.Combine(Directory, LockFileName);
        return await Poll.UntilAsync(
            () => Task.FromResult(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)),
            _ => true,
            InstallTimeout * 2,
            $"{path}, locked while another test process runs 'npm ci' there").ConfigureAwait(false);
    }

    private async Task<NodeRun> RunProcessAsync(
        string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        using var process = StartProcess(fileName, arguments, environment);
        // Nothing more will be said to it: a script that reads stdin sees its end rather than waiting for ever.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"'{fileName} {string.Join(' ', arguments)}' in {Directory} did not end within {timeout.TotalSeconds:0.#} s; "
                + $"killed it and its child processes.{Environment.NewLine}"
                + $"stdout:{Environment.NewLine}{await DrainedAsync(stdout).ConfigureAwait(false)}{Environment.NewLine}"
                + $"stderr:{Environment.NewLine}{await DrainedAsync(stderr).ConfigureAwait(false)}");
        }

        return new NodeRun(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>What a killed process had written; a grandchild that escaped the kill may still hold the pipe open.</summary>
    private static async Task<string> DrainedAsync(Task<string> output)
    {
        try
        {
            return await output.WaitAsync(DrainAfterKill).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "(the pipe was still open after the kill)";
        }
    }

    private Process StartProcess(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            startInfo.Environment[key] = value;

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
            return process;
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start '{fileName}' in {Directory}: Node.js (node and npm) must be on PATH.", ex);
        }
    }
}
