namespace SmePlatform.Contracts.OneStop;

/// <summary>
/// An enterprise left the active register: closed, or merged into another (<see cref="MergedInto"/>). Its entry
/// and history are kept; it no longer counts as active.
/// </summary>
/// <param name="Reason">closure or merger.</param>
/// <param name="EffectiveOn">The day it closed or merged (Asia/Shanghai date).</param>
public sealed record EnterpriseDeactivated(
    Guid EnterpriseId,
    string Uscc,
    string Ward,
    string Reason,
    Guid? MergedInto,
    DateOnly EffectiveOn,
    string? Note,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
