using System.Net;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// /metrics (ADR 0016): Prometheus text on each service's own port and on the gateway's management port; nothing
/// through the gateway's public port, neither the gateway's own metrics nor a service's behind an /api/ prefix.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MetricsTests(PlatformFixture platform)
{
    // The readiness probes the fixture waited on have been measured by then, in every process.
    private const string RequestDuration = "http_server_request_duration";

    [Theory]
    [InlineData("onestop")]
    [InlineData("guarantee")]
    [InlineData("diagnosis")]
    [InlineData("matching")]
    [InlineData("stats")]
    public async Task A_scrape_on_a_services_own_port_gets_its_request_durations(string service)
    {
        using var direct = new HttpClient { BaseAddress = platform.UrlOf(service) };
        using var response = await direct.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(RequestDuration, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateways_metrics_are_served_on_its_management_port_only()
    {
        using var management = new HttpClient { BaseAddress = platform.ManagementUrlOf("gateway") };
        using var scraped = await management.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains(RequestDuration, await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The public port, even when the caller claims the management port in its Host header.
        using var outside = await platform.Anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forged.Headers.Host = $"127.0.0.1:{platform.ManagementUrlOf("gateway").Port}";
        using var forgedResponse = await platform.Gateway.SendAsync(forged);
        Assert.Equal(HttpStatusCode.NotFound, forgedResponse.StatusCode);
    }

    [Theory]
    [InlineData("/api/onestop/metrics")]
    [InlineData("/api/guarantee/metrics")]
    [InlineData("/api/bank/metrics")]
    [InlineData("/api/stats/metrics")]
    public async Task No_services_metrics_are_reachable_through_the_gateway(string path)
    {
        // As an administrator: even a caller allowed everywhere gets nothing.
        using var response = await platform.Gateway.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(RequestDuration, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
