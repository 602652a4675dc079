using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SmePlatform.Testing;

/// <summary>Runs the infra/local scripts and keeps servers from outliving the test process.</summary>
internal static class Infra
{
    public const int SigTerm = 15;

    private static readonly ConcurrentDictionary<object, Action> ExitActions = new();

    static Infra()
    {
        // Normal exit of the test host (also after a failed run): stop whatever is still up.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunExitActions();
    }

    /// <summary>
    /// Runs <c>bash infra/local/SCRIPT args</c> for the server living in <paramref name="baseDirectory"/>;
    /// throws with the script's output on failure. Two details keep a killed test host from leaving
    /// a server behind: calls for one server are serialized by a lock file in its folder (the
    /// orphan watchdog takes it too, so it never stops a server half-way through its start), and the
    /// script writes to a file rather than to a pipe into this process (a pipe whose reader died
    /// would kill the script half-way with SIGPIPE, after the server was launched).
    /// </summary>
    public static async Task<string> RunScriptAsync(
        string script,
        string baseDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout,
        CancellationToken ct)
    {
        var argumentList = arguments.ToList();
        var outputFile = Path.Combine(Path.GetTempPath(), $"sme-infra-{Guid.NewGuid():N}.out");
        try
        {
            var result = await RunAsync(
                "bash",
                ["-c", RunLockedToFile, "sme-infra", outputFile, LockFile(baseDirectory), "bash", RepoPaths.InfraScript(script), .. argumentList],
                environment,
                timeout,
                ct).ConfigureAwait(false);
            var output = File.Exists(outputFile) ? await File.ReadAllTextAsync(outputFile, ct).ConfigureAwait(false) : "";
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"infra/local/{script} {string.Join(' ', argumentList)} failed with exit code {result.ExitCode}:{Environment.NewLine}{output}{result.Output}");
            }

            return output;
        }
        finally
        {
            File.Delete(outputFile);
        }
    }

    /// <summary>
    /// Creates and starts a server, on new ports each attempt: another process may take a free port between our choice
    /// and the server's bind. A failed attempt's server is disposed (stopped, folder removed) before the next.
    /// </summary>
    public static async Task<TServer> StartWithRetriesAsync<TServer>(string what, int attempts, Func<TServer> create, Func<TServer, Task> start)
        where TServer : IAsyncDisposable
    {
        Exception? lastError = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var server = create();
            try
            {
                await start(server).ConfigureAwait(false);
                return server;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                lastError = ex;
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"{what} did not start after {attempts} attempts.", lastError);
    }

    /// <summary>Synchronous variant for ProcessExit handlers: best effort, never throws.</summary>
    public static void RunScriptQuietly(string script, string baseDirectory, params string[] arguments)
    {
        try
        {
            RunScriptAsync(script, baseDirectory, arguments, null, TimeSpan.FromSeconds(40), CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"SmePlatform.Testing: {script} {string.Join(' ', arguments)}: {ex.Message}");
        }
    }

    /// <summary>The bash command line the orphan watchdog runs to stop a server: same lock, no pipe.</summary>
    public static string ScriptCommandLine(string script, string baseDirectory, params string[] arguments)
    {
        var call = $"bash {Quote(RepoPaths.InfraScript(script))} {string.Join(' ', arguments.Select(Quote))}";
        return $"flock -o {Quote(LockFile(baseDirectory))} {call} || {call}";
    }

    // $1 output file, $2 lock file, then the command. flock -o: the lock is held by flock itself,
    // not inherited by the daemons the script leaves running.
    private const string RunLockedToFile = """
        out=$1; lock=$2; shift 2
        exec flock -o "$lock" "$@" >"$out" 2>&1 </dev/null
        """;

    private static string LockFile(string baseDirectory) => Path.Combine(baseDirectory, ".infra.lock");

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout,
        CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            startInfo.Environment[key] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            if (ct.IsCancellationRequested)
                throw;
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Snapshot(output)}");
        }

        return (process.ExitCode, Snapshot(output));
    }

    public static void RegisterExitAction(object owner, Action action) => ExitActions[owner] = action;

    public static void UnregisterExitAction(object owner) => ExitActions.TryRemove(owner, out _);

    /// <summary>
    /// Starts a watchdog, detached from this process tree (so that killing the test host's tree does
    /// not kill it too), that runs <paramref name="cleanup"/> once this process is gone while
    /// <paramref name="aliveCheck"/> still succeeds; it exits by itself as soon as the check fails
    /// (the resource was disposed normally). Covers test hosts that are killed or crash, where
    /// ProcessExit handlers never run.
    /// </summary>
    public static void StartWatchdog(string aliveCheck, string cleanup)
    {
        const string Watchdog = """
            owner=$1; alive=$2; cleanup=$3
            while kill -0 "$owner" 2>/dev/null && eval "$alive"; do sleep 1; done
            if ! kill -0 "$owner" 2>/dev/null && eval "$alive"; then eval "$cleanup"; fi
            """;
        const string Detach = """setsid bash -c "$1" sme-test-watchdog "${@:2}" </dev/null >/dev/null 2>&1 &""";
        try
        {
            var startInfo = new ProcessStartInfo("bash") { UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
            foreach (var argument in new[] { "-c", Detach, "sme-test-detach", Watchdog, Environment.ProcessId.ToString(), aliveCheck, cleanup })
                startInfo.ArgumentList.Add(argument);
            using var launcher = Process.Start(startInfo);
            launcher?.WaitForExit(5000);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"SmePlatform.Testing: could not start the orphan watchdog: {ex.Message}");
        }
    }

    /// <summary>Single-quotes a value for a bash command line.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static bool SendSignal(int pid, int signal) => NativeMethods.Kill(pid, signal) == 0;

    public static bool IsRoot => NativeMethods.GetEuid() == 0;

    /// <summary>A temp folder that other users (the postgres system user when we are root) can traverse.</summary>
    public static string CreateTempDirectory(string prefix)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        if (OperatingSystem.IsWindows())
            return dir;
        File.SetUnixFileMode(dir,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return dir;
    }

    public static void DeleteDirectoryQuietly(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"SmePlatform.Testing: could not delete {dir}: {ex.Message}");
        }
    }

    private static void RunExitActions()
    {
        foreach (var (owner, action) in ExitActions)
        {
            if (!ExitActions.TryRemove(owner, out _))
                continue;
            try
            {
                action();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"SmePlatform.Testing: cleanup at exit failed: {ex.Message}");
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}

internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEuid();
}
