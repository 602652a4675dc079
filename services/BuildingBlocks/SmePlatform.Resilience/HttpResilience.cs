using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace SmePlatform.Resilience;

/// <summary>
/// Polly.Core pipelines for outgoing HTTP (Microsoft.Extensions.Http.Resilience does not restore here):
/// retry with jittered exponential back-off for transient failures, a circuit breaker so a dead dependency fails
/// fast instead of tying up threads, and a timeout per attempt.
/// </summary>
public static class HttpResilience
{
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(OutgoingCallOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    options.MaxRetries > 0 && IsIdempotent(args.Context) && IsTransient(args.Outcome)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();

    /// <summary>Connection failures, timeouts and the status codes that mean "try again later".</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    internal static readonly ResiliencePropertyKey<bool> Idempotent = new("smeplatform.idempotent");

    private static bool IsIdempotent(ResilienceContext context) => context.Properties.GetValue(Idempotent, false);
}
