using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// A service behind the gateway that is away answers a typed problem, not a bare 502: the client learns that its
/// request was not applied and when to retry.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DownstreamFailureTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_stopped_service_answers_503_not_applied_with_Retry_After_for_reads_and_writes()
    {
        await platform.StopAsync("stats");
        try
        {
            using var read = await platform.Gateway.GetAsync("/api/stats/enterprise-counts");
            using var write = await platform.Gateway.PostAsync("/api/stats/projections/registered-enterprises/rebuild", content: null);

            foreach (var response in new[] { read, write })
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("downstream-unavailable", body.GetProperty("code").GetString());
                Assert.False(body.GetProperty("mayHaveBeenApplied").GetBoolean());
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
            }
        }
        finally
        {
            await platform.StartAsync("stats");
        }
    }
}
