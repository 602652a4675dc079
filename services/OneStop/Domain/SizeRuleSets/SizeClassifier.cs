using System.Globalization;

namespace SmePlatform.OneStop.Domain;

/// <summary>An enterprise's figures: employees in persons, amounts in whole units of <see cref="Currency"/>.</summary>
public sealed record EnterpriseFigures(int Employees, decimal AnnualRevenue, decimal TotalAssets, string Currency = "CNY")
{
    public decimal Of(SizeIndicator indicator) => indicator switch
    {
        SizeIndicator.Employees => Employees,
        SizeIndicator.AnnualRevenue => AnnualRevenue,
        SizeIndicator.TotalAssets => TotalAssets,
        _ => throw new ArgumentOutOfRangeException(nameof(indicator), indicator, "Unknown indicator."),
    };
}

/// <summary>One figure against one threshold of one class boundary; <see cref="Decisive"/> when it decided the class.</summary>
public sealed record IndicatorComparison(
    SizeClass BoundaryClass,
    SizeIndicator Indicator,
    decimal Figure,
    SizeThreshold Threshold,
    bool Reached,
    bool Decisive,
    string Text);

/// <summary>Why a classification gave no class.</summary>
public enum NotClassifiedReason
{
    IndustryNotCovered,
    IndustryTooCoarse,
    CurrencyMismatch,
}

/// <summary>
/// The result: the class (null when the rule set does not cover the enterprise, never a guess), the rule set and
/// version used, the sector, the comparisons made and which decided, and the reason in words.
/// </summary>
public sealed record SizeClassification(
    string RuleSetId,
    int RuleSetVersion,
    SizeClass? Class,
    string? Sector,
    NotClassifiedReason? NotClassified,
    IReadOnlyList<IndicatorComparison> Comparisons,
    string Reason)
{
    public bool IsClassified => Class is not null;

    /// <summary>Micro, small and medium are SMEs; null when not classified.</summary>
    public bool? IsSme => Class is { } c ? c < SizeClass.Large : null;

    public IReadOnlyList<SizeIndicator> DecidingIndicators =>
        Comparisons.Where(c => c.Decisive).Select(c => c.Indicator).Distinct().Order().ToList();
}

public static class SizeClassifier
{
    /// <summary>
    /// Classifies an enterprise by one rule set. The class is the highest one whose boundary is reached; every
    /// boundary is monotone in every figure (each threshold is "figure ≥ or &gt; limit", combined by ALL or ANY), so
    /// larger figures never give a smaller class. The rule set is assumed valid (<see cref="SizeRuleSetValidator"/>).
    /// </summary>
    public static SizeClassification Classify(SizeRuleSet ruleSet, IndustryCode industry, EnterpriseFigures figures)
    {
        if (!string.Equals(figures.Currency, ruleSet.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return NotClassified(ruleSet, null, NotClassifiedReason.CurrencyMismatch,
                $"The figures are in {figures.Currency}, rule set {ruleSet.Reference} is in {ruleSet.Currency}; currencies are never converted.");
        }

        var sector = FindSector(ruleSet, industry);
        if (sector is null)
        {
            var finer = ruleSet.Sectors.SelectMany(s => s.IndustryCodes.Select(code => (Sector: s, Code: code)))
                .Where(x => x.Code.Length > industry.Value.Length && x.Code.StartsWith(industry.Value, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (finer.Count > 0)
            {
                return NotClassified(ruleSet, null, NotClassifiedReason.IndustryTooCoarse,
                    $"Industry code {industry.Value} is too coarse for rule set {ruleSet.Reference}, which sets limits for parts of it " +
                    $"({string.Join(", ", finer.Select(x => $"{x.Code} {x.Sector.NameEn.ToLowerInvariant()}"))}); give the division.");
            }

            return NotClassified(ruleSet, null, NotClassifiedReason.IndustryNotCovered,
                $"Industry {industry.Value} is not covered by rule set {ruleSet.Reference} ({ruleSet.Name}), which sets limits only for " +
                $"{string.Join("; ", ruleSet.Sectors.Select(s => $"{s.NameEn.ToLowerInvariant()} ({string.Join(", ", s.IndustryCodes)})"))}. No size class is given.");
        }

        var reached = sector.Boundaries.Select(b => IsReached(b, figures)).ToArray();
        var sizeClass = sector.BaseClass;
        var reachedIndex = -1;
        for (var i = sector.Boundaries.Count - 1; i >= 0; i--)
        {
            if (reached[i])
            {
                sizeClass = sector.Boundaries[i].Class;
                reachedIndex = i;
                break;
            }
        }

        var comparisons = new List<IndicatorComparison>();
        for (var i = 0; i < sector.Boundaries.Count; i++)
        {
            var boundary = sector.Boundaries[i];
            foreach (var threshold in boundary.Thresholds)
            {
                var figure = figures.Of(threshold.Indicator);
                var isReached = threshold.IsReachedBy(figure);
                // The boundary of the class found decides through the thresholds that reached it; the next one up
                // decides through those that kept the enterprise below it.
                var decisive = (i == reachedIndex && isReached) || (i == reachedIndex + 1 && !isReached);
                comparisons.Add(new IndicatorComparison(boundary.Class, threshold.Indicator, figure, threshold, isReached, decisive,
                    Describe(threshold, figure, isReached, boundary.Label, ruleSet.Currency)));
            }
        }

        var because = string.Join("; ", comparisons.Where(c => c.Decisive).Select(c => c.Text));
        var reason = $"{sizeClass} under {ruleSet.Reference}, sector {sector.NameEn.ToLowerInvariant()}: {because}";
        return new SizeClassification(ruleSet.Id, ruleSet.Version, sizeClass, sector.Code, null, comparisons, reason);
    }

    /// <summary>The sector whose industry codes cover the enterprise's code (an entry covers every code that starts with it).</summary>
    public static SizeSector? FindSector(SizeRuleSet ruleSet, IndustryCode industry) =>
        ruleSet.Sectors
            .SelectMany(s => s.IndustryCodes.Select(code => (Sector: s, Code: code)))
            .Where(x => industry.Value.StartsWith(x.Code, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(x => x.Code.Length)
            .Select(x => x.Sector)
            .FirstOrDefault();

    private static bool IsReached(ClassBoundary boundary, EnterpriseFigures figures) => boundary.Combination == Combination.All
        ? boundary.Thresholds.All(t => t.IsReachedBy(figures.Of(t.Indicator)))
        : boundary.Thresholds.Any(t => t.IsReachedBy(figures.Of(t.Indicator)));

    private static SizeClassification NotClassified(SizeRuleSet ruleSet, string? sector, NotClassifiedReason why, string reason) =>
        new(ruleSet.Id, ruleSet.Version, null, sector, why, [], reason);

    /// <summary>"revenue CNY 45,000,000 ≥ CNY 30,000,000 (medium lower limit)".</summary>
    private static string Describe(SizeThreshold threshold, decimal figure, bool reached, string label, string currency)
    {
        var op = (threshold.Inclusivity, reached) switch
        {
            (BoundInclusivity.Inclusive, true) => "≥",
            (BoundInclusivity.Inclusive, false) => "<",
            (BoundInclusivity.Exclusive, true) => ">",
            _ => "≤",
        };
        return threshold.Indicator switch
        {
            SizeIndicator.Employees => $"employees {Number(figure)} {op} {Number(threshold.Limit)} ({label})",
            SizeIndicator.AnnualRevenue => $"revenue {currency} {Number(figure)} {op} {currency} {Number(threshold.Limit)} ({label})",
            _ => $"total assets {currency} {Number(figure)} {op} {currency} {Number(threshold.Limit)} ({label})",
        };
    }

    private static string Number(decimal value) =>
        value.ToString(decimal.Truncate(value) == value ? "N0" : "N2", CultureInfo.InvariantCulture);
}
