namespace SmePlatform.Contracts;

/// <summary>
/// An integration event: a fact in the past tense, owned by one service and published through its outbox.
/// Events only grow: new fields are added with defaults, none is renamed or removed; a breaking change is a new
/// type. The message id (the outbox row id) identifies the event for consumers' inboxes.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>When the fact happened (UTC).</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>The schema version of this event type.</summary>
    int Version { get; }
}
