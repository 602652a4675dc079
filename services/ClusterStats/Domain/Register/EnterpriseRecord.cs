namespace SmePlatform.ClusterStats.Domain.Register;

/// <summary>
/// The statistics' own copy of one register entry, with the time (and register version) of what it last accepted
/// for each aspect. <see cref="IsActive"/>: its attributes are known and it has not left the register; only active
/// enterprises are counted.
/// </summary>
public sealed record EnterpriseRecord(Guid EnterpriseId)
{
    public string? Ward { get; init; }

    /// <summary>GB/T 4754-2017 code as the register holds it: a section letter and up to four digits.</summary>
    public string? IndustryCode { get; init; }

    public int Employees { get; init; }

    public decimal AnnualRevenue { get; init; }

    public DateTimeOffset? AttributesAt { get; init; }

    public int AttributesVersion { get; init; }

    public DateTimeOffset? RegisteredAt { get; init; }

    public string? Category { get; init; }

    public DateTimeOffset? CategoryAt { get; init; }

    public string? LegalForm { get; init; }

    public DateTimeOffset? LegalFormAt { get; init; }

    public string? OwnershipType { get; init; }

    public DateTimeOffset? OwnershipTypeAt { get; init; }

    public string? SizeClass { get; init; }

    public DateTimeOffset? SizeClassAt { get; init; }

    public DateTimeOffset? LeftAt { get; init; }

    public string? LeftReason { get; init; }

    public Guid? MergedInto { get; init; }

    public bool IsActive => Ward is not null && LeftAt is null;

    /// <summary>Whether both say the same about the enterprise, whenever each was observed.</summary>
    public bool HasSameFactsAs(EnterpriseRecord other) => WithoutTimes() == other?.WithoutTimes();

    private EnterpriseRecord WithoutTimes() => this with
    {
        AttributesAt = null, AttributesVersion = 0, CategoryAt = null, LegalFormAt = null, OwnershipTypeAt = null, SizeClassAt = null,
    };

    /// <summary>The record after <paramref name="change"/>; unchanged when the change is older than what it holds.</summary>
    public EnterpriseRecord Apply(RegisterChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EnterpriseId != EnterpriseId)
        {
            throw new ArgumentException($"A change of {change.EnterpriseId} cannot apply to {EnterpriseId}.", nameof(change));
        }

        return change switch
        {
            AttributesObserved a => WithAttributes(a),
            SizeClassObserved s => IsNewer(s.At, s.SizeClass, SizeClassAt, SizeClass) ? this with { SizeClass = s.SizeClass, SizeClassAt = s.At } : this,
            EnterpriseLeft l => WithLeft(l),
            _ => throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(change)),
        };
    }

    private EnterpriseRecord WithAttributes(AttributesObserved a)
    {
        var record = this with
        {
            // The first registration time seen is the register's; every source reports the same instant.
            RegisteredAt = Earliest(RegisteredAt, a.RegisteredAt),
        };
        if (a.Category is not null && IsNewer(a.At, a.Category, CategoryAt, Category))
        {
            record = record with { Category = a.Category, CategoryAt = a.At };
        }

        if (a.LegalForm is not null && IsNewer(a.At, a.LegalForm, LegalFormAt, LegalForm))
        {
            record = record with { LegalForm = a.LegalForm, LegalFormAt = a.At };
        }

        if (a.OwnershipType is not null && IsNewer(a.At, a.OwnershipType, OwnershipTypeAt, OwnershipType))
        {
            record = record with { OwnershipType = a.OwnershipType, OwnershipTypeAt = a.At };
        }

        var newer = AttributesAt is not { } at || a.At > at || (a.At == at && a.RowVersion > AttributesVersion);
        return newer
            ? record with
            {
                Ward = a.Ward, IndustryCode = a.IndustryCode, Employees = a.Employees, AnnualRevenue = a.AnnualRevenue,
                AttributesAt = a.At, AttributesVersion = a.RowVersion,
            }
            : record;
    }

    /// <summary>Leaving is final: the earliest report wins (a merger's two events carry the same instant and target).</summary>
    private EnterpriseRecord WithLeft(EnterpriseLeft l)
    {
        var earlier = LeftAt is not { } at || l.At < at
            || (l.At == at && (Rank(l.MergedInto), l.Reason) is var (rank, reason)
                && (rank < Rank(MergedInto) || (rank == Rank(MergedInto) && string.CompareOrdinal(reason, LeftReason) < 0)));
        return earlier ? this with { LeftAt = l.At, LeftReason = l.Reason, MergedInto = l.MergedInto } : this;
    }

    /// <summary>At the same instant a report naming the survivor wins over one that does not.</summary>
    private static int Rank(Guid? mergedInto) => mergedInto is null ? 1 : 0;

    /// <summary>Later wins; at the same instant the greater value, so that the result never depends on arrival order.</summary>
    private static bool IsNewer(DateTimeOffset at, string? value, DateTimeOffset? currentAt, string? current) =>
        currentAt is not { } held || at > held || (at == held && string.CompareOrdinal(value, current) > 0);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
