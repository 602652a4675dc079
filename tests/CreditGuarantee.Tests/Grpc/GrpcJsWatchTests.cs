using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Grpc;

/// <summary>
/// WatchApplication from a third-party gRPC stack: @grpc/grpc-js (tests/Interop.Tests/node/bank-watch-client.js) reads
/// the server stream message by message as changes commit, and sees the stream end with OK at a final status.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GrpcJsWatchTests(InfrastructureFixture infra) : NotificationsTest(infra)
{
    [Fact]
    public async Task A_grpc_js_client_watches_an_application_to_its_final_status()
    {
        var id = await SubmitAsync(Bank);
        using var node = await NodeScripts.GrpcJsPeers.StartAsync("bank-watch-client.js",
            ["--target", $"{Factory.GrpcUrl.Host}:{Factory.GrpcUrl.Port}", "--id", id.ToString(),
             "--token", TestTokens.Issue("bank", bankId: "ccb-shenyang"), "--deadline-ms", "30000"]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        async Task<JsonElement> NextLineAsync()
        {
            var line = await node.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("grpc-js client ended early: " + await node.StandardError.ReadToEndAsync());
            return JsonDocument.Parse(line).RootElement.Clone();
        }

        try
        {
            var current = (await NextLineAsync()).GetProperty("message");
            Assert.Equal("under_examination", current.GetProperty("status_to").GetString());

            await RequestInformationAsync(id, "Send the 2025 audited statements.");
            var question = (await NextLineAsync()).GetProperty("message");
            Assert.Equal("more_information_requested", question.GetProperty("status_to").GetString());
            Assert.Contains("Send the 2025 audited statements.", question.GetProperty("payload_json").GetString(), StringComparison.Ordinal);

            await DeclineAsync(id);
            var declined = (await NextLineAsync()).GetProperty("message");
            Assert.Equal("declined", declined.GetProperty("status_to").GetString());
            Assert.True(declined.GetProperty("final").GetBoolean());
            Assert.Equal(0, (await NextLineAsync()).GetProperty("code").GetInt32());
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }
        }
    }
}
