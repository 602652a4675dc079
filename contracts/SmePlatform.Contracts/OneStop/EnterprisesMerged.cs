namespace SmePlatform.Contracts.OneStop;

/// <summary>
/// Two register entries turned out to be the same enterprise: <see cref="MergedId"/> (the duplicate) was merged into
/// <see cref="SurvivorId"/>. The duplicate is deactivated with reason merger and points at the survivor (an
/// <see cref="EnterpriseDeactivated"/> goes out with this event, for consumers that only track activity). Consumers
/// that key data by enterprise move what they hold for the duplicate onto the survivor.
/// </summary>
/// <param name="SurvivorWard">The survivor's ward; the duplicate's may differ (only administrators merge across wards).</param>
/// <param name="Reason">Why the two entries are one enterprise, in the clerk's words.</param>
/// <param name="SurvivorRowVersion">The survivor's register version after the merge.</param>
public sealed record EnterprisesMerged(
    Guid SurvivorId,
    string SurvivorUscc,
    string SurvivorWard,
    Guid MergedId,
    string MergedUscc,
    string MergedWard,
    string Reason,
    int SurvivorRowVersion,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
