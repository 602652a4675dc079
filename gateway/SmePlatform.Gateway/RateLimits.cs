using System.Globalization;
using System.Threading.RateLimiting;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Gateway;

/// <summary>Section "RateLimits": token buckets per caller.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Per partner bank (bank_id): sustained requests per second and burst.</summary>
    public int BankPerSecond { get; set; } = 20;

    public int BankBurst { get; set; } = 40;

    /// <summary>Per signed-in user or service (sub).</summary>
    public int UserPerSecond { get; set; } = 20;

    public int UserBurst { get; set; } = 60;

    /// <summary>Sign-in attempts per client address, per minute (the token endpoint).</summary>
    public int SignInPerMinute { get; set; } = 30;
}

/// <summary>
/// ASP.NET Core's rate limiter at the gateway: each bank and each user has its own token bucket, so one noisy
/// client cannot starve the others; sign-in attempts are limited per address. Refusals are 429 with Retry-After
/// and a problem body.
/// </summary>
public static class RateLimits
{
    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var user = context.User;
                if (user.BankId() is { } bank)
                {
                    return RateLimitPartition.GetTokenBucketLimiter("bank:" + bank, _ => Bucket(options.BankPerSecond, options.BankBurst));
                }

                return user.Id() is { } subject
                    ? RateLimitPartition.GetTokenBucketLimiter("user:" + subject, _ => Bucket(options.UserPerSecond, options.UserBurst))
                    : RateLimitPartition.GetNoLimiter("anonymous");
            });
            limiter.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                "sign-in:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"Slow down: try again in {seconds} s.",
                    },
                });
            };
        });
        return services;
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
