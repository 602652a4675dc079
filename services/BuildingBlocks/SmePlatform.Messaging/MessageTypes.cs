using SmePlatform.Contracts;

namespace SmePlatform.Messaging;

/// <summary>Maps the type names stored in outbox rows back to the contract types the relay publishes.</summary>
public sealed class MessageTypes
{
    private readonly Dictionary<string, Type> byName = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(type))
        .ToDictionary(type => type.FullName!, StringComparer.Ordinal);

    public Type? Find(string name) => byName.GetValueOrDefault(name);
}
