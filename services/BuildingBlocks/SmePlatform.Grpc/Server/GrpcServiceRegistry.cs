using System.Collections.Concurrent;

namespace SmePlatform.Grpc.Server;

/// <summary>The fully qualified names of the services mapped in this process (for Health/Check by service).</summary>
public sealed class GrpcServiceRegistry
{
    private readonly ConcurrentDictionary<string, bool> _services = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Services => _services.Keys.ToArray();

    public bool Contains(string serviceName) => _services.ContainsKey(serviceName);

    internal void Add(string serviceName) => _services.TryAdd(serviceName, true);
}
