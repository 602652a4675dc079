using SmePlatform.ClusterStats.Domain.Register;
using SmePlatform.Contracts.OneStop;

namespace SmePlatform.ClusterStats.Integration;

/// <summary>What each of OneStop's enterprise events says about the register, as the projection's changes.</summary>
public static class RegisterEvents
{
    /// <summary>A registration: its attributes (version 0: every later update is newer) and, when classified, its size class.</summary>
    public static IReadOnlyList<RegisterChange> Changes(EnterpriseRegistered e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var attributes = new AttributesObserved(e.EnterpriseId, e.OccurredAt, 0, e.Ward, e.IndustryCode, e.Employees, e.AnnualRevenue,
            e.OccurredAt, e.Category, e.LegalForm, e.OwnershipType);
        return e.SizeRuleSetId is null ? [attributes] : [attributes, new SizeClassObserved(e.EnterpriseId, e.OccurredAt, e.SizeClass)];
    }

    public static IReadOnlyList<RegisterChange> Changes(EnterpriseUpdated e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return [new AttributesObserved(e.EnterpriseId, e.OccurredAt, e.RowVersion, e.Ward, e.IndustryCode, e.Employees, e.AnnualRevenue,
            null, e.Category, e.LegalForm, e.OwnershipType)];
    }

    public static IReadOnlyList<RegisterChange> Changes(EnterpriseReclassified e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return [new SizeClassObserved(e.EnterpriseId, e.OccurredAt, e.ToClass)];
    }

    public static IReadOnlyList<RegisterChange> Changes(EnterpriseDeactivated e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return [new EnterpriseLeft(e.EnterpriseId, e.OccurredAt, e.Reason, e.MergedInto)];
    }

    /// <summary>The duplicate leaves, pointing at the survivor; the survivor's own entry does not change.</summary>
    public static IReadOnlyList<RegisterChange> Changes(EnterprisesMerged e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return [new EnterpriseLeft(e.MergedId, e.OccurredAt, "merger", e.SurvivorId)];
    }
}
