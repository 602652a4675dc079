using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SmePlatform.Grpc.Client;

public static class GrpcClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> (a <see cref="GrpcClient"/> subclass, or any class taking a
    /// <see cref="GrpcChannel"/>) as a singleton on the channel for <paramref name="address"/>. Clients of the
    /// same address share one channel, hence one circuit breaker; the first registration's options win.
    /// </summary>
    public static IServiceCollection AddGrpcClient<TClient>(
        this IServiceCollection services,
        Func<IServiceProvider, Uri> address,
        Action<IServiceProvider, GrpcChannelOptions>? configure = null)
        where TClient : class
    {
        services.TryAddSingleton<GrpcChannelRegistry>();
        services.AddSingleton(sp =>
        {
            var channel = sp.GetRequiredService<GrpcChannelRegistry>().GetOrCreate(address(sp), options => configure?.Invoke(sp, options));
            return ActivatorUtilities.CreateInstance<TClient>(sp, channel);
        });
        return services;
    }

    public static IServiceCollection AddGrpcClient<TClient>(
        this IServiceCollection services, Uri address, Action<IServiceProvider, GrpcChannelOptions>? configure = null)
        where TClient : class =>
        services.AddGrpcClient<TClient>(_ => address, configure);
}

/// <summary>One channel per target address for the whole process (disposed with the container).</summary>
public sealed class GrpcChannelRegistry : IDisposable
{
    private readonly ConcurrentDictionary<Uri, Lazy<GrpcChannel>> _channels = new();

    public GrpcChannel GetOrCreate(Uri address, Action<GrpcChannelOptions>? configure = null) =>
        _channels.GetOrAdd(address, a => new Lazy<GrpcChannel>(() =>
        {
            var options = new GrpcChannelOptions();
            configure?.Invoke(options);
            return GrpcChannel.ForAddress(a, options);
        })).Value;

    public void Dispose()
    {
        foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
    }
}
