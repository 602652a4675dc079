using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace SmePlatform.ServiceDefaults.Grpc;

/// <summary>How a service calls another service's gRPC API: one registration, the same behaviour for every client.</summary>
public static class GrpcClients
{
    /// <summary>A call without a deadline of its own gets this one: no call may wait forever on a silent peer.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Registers the generated <typeparamref name="TClient"/> (Grpc.Net.ClientFactory) for the server at configuration
    /// <paramref name="addressKey"/> (else <paramref name="defaultAddress"/>), with:
    /// <list type="bullet">
    /// <item>retries of UNAVAILABLE for the methods the .proto marks <c>idempotency_level</c> NO_SIDE_EFFECTS or IDEMPOTENT, and
    /// for no other (a retried submission could be done twice), through the channel's service config;</item>
    /// <item>a deadline on every call (<see cref="DefaultDeadline"/> unless the caller sets one);</item>
    /// <item>a circuit breaker per client (<see cref="GrpcCircuit{TClient}"/>) that fails calls at once while the server is down;</item>
    /// <item>the caller's token when <paramref name="token"/> is given (the service's own identity); W3C trace context
    /// comes with every HTTP request the client sends.</item>
    /// </list>
    /// </summary>
    public static IHttpClientBuilder AddPlatformGrpcClient<TClient>(this IServiceCollection services, ServiceDescriptor service,
        string addressKey, string defaultAddress, Func<IServiceProvider, CancellationToken, ValueTask<string?>>? token = null)
        where TClient : ClientBase
    {
        ArgumentNullException.ThrowIfNull(service);
        services.TryAddSingleton<GrpcCircuit<TClient>>();
        var builder = services
            .AddGrpcClient<TClient>((provider, options) =>
                options.Address = new Uri(provider.GetRequiredService<IConfiguration>()[addressKey] ?? defaultAddress))
            .ConfigureChannel(channel =>
            {
                channel.ServiceConfig = RetryIdempotentMethods(service);
                channel.MaxReceiveMessageSize = GrpcEndpoints.MaxMessageBytes;
                channel.MaxSendMessageSize = GrpcEndpoints.MaxMessageBytes;
                // Between our own services the channel is h2c inside the cluster network; tokens are sent all the same.
                channel.UnsafeUseInsecureChannelCallCredentials = true;
            })
            // The first interceptor added sees the call first: the deadline is set before the circuit starts the call.
            .AddInterceptor(() => new DefaultDeadlineInterceptor(DefaultDeadline))
            .AddInterceptor(provider => new CircuitBreakingInterceptor<TClient>(provider.GetRequiredService<GrpcCircuit<TClient>>()));
        if (token is not null)
        {
            builder.AddCallCredentials(async (context, metadata, provider) =>
            {
                if (await token(provider, context.CancellationToken) is { Length: > 0 } value)
                {
                    metadata.Add("Authorization", "Bearer " + value);
                }
            });
        }

        return builder;
    }

    /// <summary>
    /// The service config retrying UNAVAILABLE (the server could not be reached or is going away) on the methods whose
    /// .proto option says a repeat does no harm. grpc-dotnet retries only before a response message has arrived.
    /// </summary>
    public static ServiceConfig RetryIdempotentMethods(ServiceDescriptor service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var config = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = 3,
                InitialBackoff = TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromSeconds(1),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var method in service.Methods.Where(IsIdempotent))
        {
            config.Names.Add(new MethodName { Service = service.FullName, Method = method.Name });
        }

        return new ServiceConfig { MethodConfigs = { config } };
    }

    private static bool IsIdempotent(MethodDescriptor method) =>
        method.GetOptions()?.IdempotencyLevel is MethodOptions.Types.IdempotencyLevel.NoSideEffects or MethodOptions.Types.IdempotencyLevel.Idempotent;
}
