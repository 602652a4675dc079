using System.Diagnostics;
using System.Net;
using System.Text;

namespace SmePlatform.Testing;

/// <summary>
/// A service (or any program) running as a real child process, as in production: <c>dotnet x.dll</c>
/// with its own environment. Its stdout and stderr are captured in <see cref="Output"/> and in
/// <see cref="LogFile"/>. Disposing stops it gracefully (SIGTERM, then SIGKILL after 15 s).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(15);
    private static readonly HttpClient ReadinessClient = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter _log;
    private int _disposed;

    private ServiceProcess(string name, Process process, StreamWriter log, string logFile)
    {
        Name = name;
        _process = process;
        _log = log;
        LogFile = logFile;
    }

    public string Name { get; }

    public int Pid { get; private set; }

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="dllPath"/></c> in the dll's folder (its content root) with
    /// <paramref name="environment"/> added to this process's environment. When
    /// <paramref name="readyUrl"/> is given, waits until it answers 200; if the process exits first or
    /// the wait times out, kills it and throws with the last 40 lines of its output.
    /// </summary>
    public static Task<ServiceProcess> StartAsync(
        string name,
        string dllPath,
        IReadOnlyDictionary<string, string> environment,
        string? readyUrl = null,
        TimeSpan? readyTimeout = null)
    {
        if (!File.Exists(dllPath))
        {
            throw new FileNotFoundException(
                $"{name}: {dllPath} does not exist; build the solution first (dotnet build SmePlatform.sln -c {RepoPaths.Configuration}).",
                dllPath);
        }

        return StartProgramAsync(name, "dotnet", [dllPath], environment, Path.GetDirectoryName(dllPath), readyUrl, readyTimeout);
    }

    /// <summary>Like <see cref="StartAsync"/> for any program (a Node.js peer, a shell script).</summary>
    public static async Task<ServiceProcess> StartProgramAsync(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string? workingDirectory = null,
        string? readyUrl = null,
        TimeSpan? readyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(environment);

        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            startInfo.Environment[key] = value;

        var logDirectory = Path.Combine(Path.GetTempPath(), "sme-test-logs");
        Directory.CreateDirectory(logDirectory);
        var logFile = Path.Combine(logDirectory, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}.log");
        var log = new StreamWriter(logFile, append: false, Encoding.UTF8) { AutoFlush = true };

        var service = new ServiceProcess(name, new Process { StartInfo = startInfo }, log, logFile);
        service._process.OutputDataReceived += (_, e) => service.Append(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        try
        {
            service._process.Start();
        }
        catch
        {
            await log.DisposeAsync().ConfigureAwait(false);
            service._process.Dispose();
            throw;
        }

        service.Pid = service._process.Id;
        service._process.StandardInput.Close();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        service.GuardAgainstOrphaning();

        if (readyUrl is not null)
        {
            try
            {
                await service.WaitUntilReadyAsync(readyUrl, readyTimeout ?? DefaultReadyTimeout).ConfigureAwait(false);
            }
            catch
            {
                await service.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return service;
    }

    /// <summary>SIGKILL to the whole process tree, at once: a crash, for crash-recovery tests.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>SIGTERM (graceful shutdown: hosted services stop, in-flight requests finish), then SIGKILL after 15 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        Infra.SendSignal(Pid, Infra.SigTerm);
        using var timeout = new CancellationTokenSource(GracefulStopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Append($"[SmePlatform.Testing] {Name} did not stop within {GracefulStopTimeout.TotalSeconds:0} s of SIGTERM; killing it");
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of output.</summary>
    public string Tail(int lines = TailLines)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines - 1)));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Infra.UnregisterExitAction(this);
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
        lock (_output)
            _log.Dispose();
    }

    public override string ToString() => $"{Name} (pid {Pid})";

    private async Task WaitUntilReadyAsync(string readyUrl, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            if (_process.HasExited)
            {
                // Drains the output still in flight, so that the message shows the last words.
                await _process.WaitForExitAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"{Name} exited with code {_process.ExitCode} before {readyUrl} answered 200. Log: {LogFile}. Last {TailLines} lines:{Environment.NewLine}{Tail()}");
            }

            try
            {
                using var response = await ReadinessClient.GetAsync(new Uri(readyUrl)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException(
                    $"{Name} was not ready within {timeout.TotalSeconds:0} s: {readyUrl} last gave {last}. Log: {LogFile}. Last {TailLines} lines:{Environment.NewLine}{Tail()}");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.AppendLine(line);
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output arriving after dispose: keep it in memory only.
            }
        }
    }

    private void GuardAgainstOrphaning()
    {
        Infra.RegisterExitAction(this, Kill);
        // Compares the start time in /proc/PID/stat (field 22) so that a later process reusing the
        // pid is never killed by mistake.
        var startTime = ReadStartTime(Pid);
        if (startTime is null)
            return;
        var pid = Pid.ToString();
        Infra.StartWatchdog(
            aliveCheck: $"st=$(cat /proc/{pid}/stat 2>/dev/null) && st=${{st##*) }} && [ \"$(echo $st | cut -d' ' -f20)\" = {startTime} ]",
            cleanup: $"kill -KILL {pid}");
    }

    private static string? ReadStartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return afterName.Length > 19 ? afterName[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
