using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

/// <summary>Every log line starts with its UTC time and carries the trace of the request it belongs to.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class LogTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_request_s_log_line_carries_a_UTC_timestamp_and_the_caller_s_trace_id()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/onestop/enterprises")
        {
            Content = new StringContent("{ not json", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await platform.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var line = await Poll.UntilAsync(
            () => Task.FromResult(platform.OutputOf("onestop").Split('\n').FirstOrDefault(l => l.Contains(traceId, StringComparison.Ordinal))),
            found => found is not null, TimeSpan.FromSeconds(10), "OneStop to log the rejected request with its trace id");
        Assert.Matches(UtcTimestamp(), line!);
        Assert.Contains("Rejected request", line, StringComparison.Ordinal);
        Assert.Contains("SpanId:", line, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z ")]
    private static partial Regex UtcTimestamp();
}
