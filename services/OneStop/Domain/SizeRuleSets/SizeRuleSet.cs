using System.Text.Json.Serialization;

namespace SmePlatform.OneStop.Domain;

/// <summary>Size classes in ascending order; the numeric order is what "smaller" and "larger" mean.</summary>
public enum SizeClass
{
    Micro = 0,
    Small = 1,
    Medium = 2,
    Large = 3,
}

/// <summary>The figures a rule set may compare. Employees are persons; the others are annual amounts in the rule set's currency.</summary>
public enum SizeIndicator
{
    Employees,
    AnnualRevenue,
    TotalAssets,
}

/// <summary>The unit a threshold value is written in; the sources mix yuan, 10,000 yuan (万元) and millions (001:L182-203).</summary>
public enum UnitScale
{
    One,
    Thousand,
    TenThousand,
    Million,
    HundredMillion,
}

/// <summary>Whether a figure equal to the limit reaches it (inclusive: figure ≥ limit) or not (exclusive: figure &gt; limit).</summary>
public enum BoundInclusivity
{
    Inclusive,
    Exclusive,
}

/// <summary>How the thresholds of one class boundary combine: the class is reached when all of them, or any of them, are reached.</summary>
public enum Combination
{
    All,
    Any,
}

/// <summary>One limit: <see cref="Value"/> × <see cref="Scale"/> of <see cref="Indicator"/>, with its inclusivity.</summary>
public sealed record SizeThreshold(SizeIndicator Indicator, decimal Value, UnitScale Scale, BoundInclusivity Inclusivity)
{
    /// <summary>The limit in persons or in whole currency units.</summary>
    [JsonIgnore]
    public decimal Limit => Value * UnitScales.Multiplier(Scale);

    public bool IsReachedBy(decimal figure) => Inclusivity == BoundInclusivity.Inclusive ? figure >= Limit : figure > Limit;
}

/// <summary>
/// The lower edge of <see cref="Class"/>: an enterprise is at least this class when <see cref="Combination"/> of the
/// thresholds are reached. <see cref="Label"/> names the limit in the words of the source ("medium lower limit").
/// </summary>
public sealed record ClassBoundary(SizeClass Class, Combination Combination, string Label, IReadOnlyList<SizeThreshold> Thresholds);

/// <summary>
/// A sector of a rule set: the GB/T 4754-2017 sections or divisions it covers ("C", "F51"; an entry covers every code
/// that starts with it) and its class boundaries, ascending from the class above <see cref="BaseClass"/> up to Large.
/// A sector with a Small boundary has Micro as its base class; without one, Small is the lowest class.
/// </summary>
public sealed record SizeSector(
    string Code,
    string NameEn,
    string NameZh,
    IReadOnlyList<string> IndustryCodes,
    SizeClass BaseClass,
    IReadOnlyList<ClassBoundary> Boundaries);

/// <summary>
/// A versioned size-classification rule set, stored as data (JSON, <see cref="SizeRuleSetJson"/>) and edited by the SME
/// Office. Thresholds are in <see cref="Currency"/>; figures in another currency are never converted (seeds note 1.6).
/// </summary>
public sealed record SizeRuleSet(
    string Id,
    int Version,
    string Name,
    string Jurisdiction,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    string Currency,
    string Source,
    IReadOnlyList<SizeSector> Sectors,
    string? Notes = null)
{
    /// <summary>"CN-2003 v1": how results and reasons name the rule set.</summary>
    [JsonIgnore]
    public string Reference => $"{Id} v{Version}";

    /// <summary>In force on <paramref name="day"/>: from is inclusive, to is exclusive.</summary>
    public bool IsInForceOn(DateOnly day) => day >= EffectiveFrom && (EffectiveTo is not { } to || day < to);

    /// <summary>The rule set in force on a day for a jurisdiction: the latest effective-from wins, then the highest version.</summary>
    public static SizeRuleSet? InForce(IEnumerable<SizeRuleSet> ruleSets, string jurisdiction, DateOnly day) =>
        ruleSets.Where(r => string.Equals(r.Jurisdiction, jurisdiction, StringComparison.OrdinalIgnoreCase) && r.IsInForceOn(day))
            .OrderByDescending(r => r.EffectiveFrom)
            .ThenByDescending(r => r.Version)
            .FirstOrDefault();
}

public static class UnitScales
{
    public static decimal Multiplier(UnitScale scale) => scale switch
    {
        UnitScale.One => 1m,
        UnitScale.Thousand => 1_000m,
        UnitScale.TenThousand => 10_000m,
        UnitScale.Million => 1_000_000m,
        UnitScale.HundredMillion => 100_000_000m,
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown unit scale."),
    };
}
