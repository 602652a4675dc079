using System.Net;

namespace SmePlatform.Testing.Tests;

public sealed class ServiceProcessTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task Stop_sends_SIGTERM_so_the_program_shuts_down_gracefully()
    {
        await using var program = await StartBashAsync("""
            trap 'echo "stopping gracefully"; exit 0' TERM
            echo "started as $SME_TEST_NAME"
            while :; do sleep 0.1; done
            """, new Dictionary<string, string> { ["SME_TEST_NAME"] = "worker-7" });
        await Poll.UntilAsync(() => Task.FromResult(program.Output.Contains("started as worker-7", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the program's first line");

        await program.StopAsync();

        Assert.True(program.HasExited);
        Assert.Contains("stopping gracefully", program.Output, StringComparison.Ordinal);
        Assert.Contains("started as worker-7", await File.ReadAllTextAsync(program.LogFile));
    }

    [Fact]
    public async Task Kill_ends_even_a_program_that_ignores_SIGTERM_at_once()
    {
        await using var program = await StartBashAsync("""
            trap '' TERM
            echo up
            while :; do sleep 0.1; done
            """, NoEnvironment);

        program.Kill();

        await Poll.UntilAsync(() => Task.FromResult(program.HasExited), TimeSpan.FromSeconds(30), "the killed program to exit");
    }

    [Fact]
    public async Task Start_waits_until_the_ready_url_answers_200()
    {
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requests = 0;
        var server = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
                context.Response.StatusCode = Interlocked.Increment(ref requests) < 3 ? 503 : 200;
                context.Response.Close();
            }
        });

        await using (var program = await StartBashAsync("while :; do sleep 0.1; done", NoEnvironment, $"http://127.0.0.1:{port}/health/ready", TimeSpan.FromSeconds(20)))
        {
            Assert.False(program.HasExited);
            Assert.True(Volatile.Read(ref requests) >= 3);
        }

        listener.Stop();
        await server;
    }

    [Fact]
    public async Task Start_fails_with_the_output_when_the_program_exits_before_it_is_ready()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartBashAsync("echo 'boom: no connection string'; exit 3", NoEnvironment, $"http://127.0.0.1:{FreePort.Next()}/health/ready", TimeSpan.FromSeconds(20)));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("boom: no connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_times_out_with_the_last_lines_and_kills_the_program()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            StartBashAsync("echo \"pid $$ waiting for a database\"; while :; do sleep 0.1; done", NoEnvironment, $"http://127.0.0.1:{FreePort.Next()}/health/ready", TimeSpan.FromSeconds(1)));

        Assert.Contains("waiting for a database", error.Message, StringComparison.Ordinal);
        var pid = int.Parse(error.Message.Split("pid ")[1].Split(' ')[0]);
        await Poll.UntilAsync(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(30), "the timed-out program to be gone");
    }

    [Fact]
    public async Task Start_of_a_missing_dll_says_to_build_first()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            ServiceProcess.StartAsync("ghost", "/nonexistent/SmePlatform.Ghost.dll", NoEnvironment));

        Assert.Contains("dotnet build", error.Message, StringComparison.Ordinal);
    }

    private static Task<ServiceProcess> StartBashAsync(string script, IReadOnlyDictionary<string, string> environment, string? readyUrl = null, TimeSpan? readyTimeout = null) =>
        ServiceProcess.StartProgramAsync("bash-test", "bash", ["-c", script], environment, readyUrl: readyUrl, readyTimeout: readyTimeout);
}
