using SmePlatform.Testing;

namespace SmePlatform.Interop.Tests;

/// <summary>Direction (a): the grpc-js client (node/client.js) calls our server, one process per case.</summary>
public sealed class GrpcJsClientToOurServerTests(InteropServerFixture server) : IClassFixture<InteropServerFixture>
{
    public static TheoryData<string> Cases =>
    [
        "empty_unary",
        "large_unary",
        "client_compressed_unary",
        "client_streaming",
        "server_streaming",
        "server_streaming_10000",
        "ping_pong",
        "empty_stream",
        "custom_metadata",
        "status_code_and_message",
        "special_status_message",
        "status_non_ascii",
        "unimplemented_method",
        "unimplemented_service",
        "cancel_after_begin",
        "timeout_on_sleeping_server",
        "deadline_server_streaming",
        "large_near_limit",
        "over_limit_request",
        "over_limit_response",
        "health_check",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Grpc_js_client_case_passes_against_our_server(string testCase)
    {
        await RunCaseAsync(testCase);
    }

    [Fact]
    public async Task Cancel_after_first_response_cancels_the_handler_token()
    {
        var before = InteropTestService.CancelledCalls;

        await RunCaseAsync("cancel_after_first_response");

        // The client's RST_STREAM must reach the handler as a cancelled CancellationToken.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (InteropTestService.CancelledCalls == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(InteropTestService.CancelledCalls > before, "the server handler never saw the cancellation");
    }

    private async Task RunCaseAsync(string testCase)
    {
        var run = await NodeScripts.GrpcJsPeers.RunAsync(
            "client.js", ["--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--case", testCase], environment: null,
            TimeSpan.FromSeconds(90));
        var output = run.Stdout + run.Stderr;

        Assert.True(run.ExitCode == 0, $"grpc-js client case {testCase} failed (exit {run.ExitCode}):{Environment.NewLine}{output}");
        Assert.Contains($"PASS {testCase}", output, StringComparison.Ordinal);
    }
}
