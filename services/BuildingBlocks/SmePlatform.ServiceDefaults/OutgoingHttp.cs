using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace SmePlatform.ServiceDefaults;

/// <summary>Resilience for every outgoing HttpClient of the platform: Microsoft.Extensions.Http.Resilience's standard pipeline.</summary>
public static class OutgoingHttp
{
    /// <summary>
    /// The standard pipeline (rate limiter, total timeout, retry with jittered back-off, circuit breaker, attempt timeout)
    /// with two platform rules: only safe methods are retried, since a POST, PUT, PATCH or DELETE may have had its effect
    /// before the failure was seen and only its caller knows whether repeating it is harmless; and each destination
    /// (scheme, host and port) has its own breaker, so one dead service does not cut a client off from the others.
    /// </summary>
    public static IHttpStandardResiliencePipelineBuilder AddPlatformResilience(this IHttpClientBuilder builder)
    {
        var pipeline = builder.AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
        pipeline.SelectPipelineByAuthority();
        return pipeline;
    }
}
