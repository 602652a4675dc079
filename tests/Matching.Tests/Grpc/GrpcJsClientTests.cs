using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Matching.Tests.Api;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Grpc;

/// <summary>
/// A non-.NET peer (@grpc/grpc-js, tests/Interop.Tests/node/partnerships-client.js) loads contracts/protos and calls
/// Matching's gRPC port: the same suggestions and partnerships, the counterpart anonymous to a service before the reveal,
/// and PERMISSION_DENIED (7) for a bank.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GrpcJsClientTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    private async Task<JsonElement> RunAsync(string option, string key, string role)
    {
        var token = TestTokens.Issue(role, subject: role == "service" ? "guarantee-service" : null);
        var run = await NodeScripts.GrpcJsPeers.RunAsync("partnerships-client.js",
            ["--target", $"{Factory.GrpcUrl.Host}:{Factory.GrpcUrl.Port}", option, key, "--token", token], environment: null, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    [Fact]
    public async Task A_grpc_js_client_reads_suggestions_and_partnerships_and_a_bank_is_refused()
    {
        const string hiddenName = "沈阳隐名锻造有限公司";
        var needing = await PublishedAsync("沈阳苏家屯机械厂", "sujiatun", Listing("need", "oem", title: "Forgings"));
        var offering = await PublishedAsync(hiddenName, "heping", Listing("offer", "oem", title: "Forging capacity"));
        await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/introductions", new { needId = NeedId(needing), offerId = OfferId(offering) }),
            HttpStatusCode.Created);

        var suggestions = await RunAsync("--need", NeedId(needing), "service");
        Assert.Equal(0, suggestions.GetProperty("code").GetInt32());
        var suggestion = suggestions.GetProperty("answer").GetProperty("suggestions")[0];
        Assert.Equal(OfferId(offering), suggestion.GetProperty("offer_id").GetString());
        Assert.Equal(suggestion.GetProperty("score").GetInt32(), suggestion.GetProperty("reasons").EnumerateArray().Sum(r => r.GetProperty("points").GetInt32()));

        var partnerships = await RunAsync("--enterprise", needing.GetProperty("enterprise").GetProperty("enterpriseId").GetString()!, "service");
        var item = partnerships.GetProperty("answer").GetProperty("partnerships")[0];
        Assert.Equal(("introduced", false), (item.GetProperty("stage").GetString(), item.GetProperty("counterpart").GetProperty("identity_shown").GetBoolean()));
        Assert.DoesNotContain(hiddenName, suggestions.ToString() + partnerships.ToString(), StringComparison.Ordinal);

        var bank = await RunAsync("--need", NeedId(needing), "bank");
        Assert.Equal(7, bank.GetProperty("code").GetInt32());
    }
}
