using System.Text.RegularExpressions;

namespace SmePlatform.OneStop.Domain;

/// <summary>
/// Checks a rule set before it is stored: identity and dates, ISO currency, sectors with valid, non-overlapping
/// GB/T 4754 codes, class boundaries contiguous from the base class up to Large, known indicators once per boundary,
/// positive limits in a sensible unit, and limits strictly ascending from one boundary to the next.
/// Returns every error, keyed by JSON path.
/// </summary>
public static partial class SizeRuleSetValidator
{
    public static Dictionary<string, string[]> Validate(SizeRuleSet ruleSet)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(ruleSet.Id) || !IdPattern().IsMatch(ruleSet.Id))
        {
            Add("id", "The id is required: letters, digits, '-', '_' or '.', at most 64 characters (e.g. CN-2003).");
        }

        if (ruleSet.Version < 1)
        {
            Add("version", "The version starts at 1.");
        }

        if (string.IsNullOrWhiteSpace(ruleSet.Name))
        {
            Add("name", "The name is required.");
        }

        if (string.IsNullOrWhiteSpace(ruleSet.Jurisdiction) || !JurisdictionPattern().IsMatch(ruleSet.Jurisdiction))
        {
            Add("jurisdiction", "The jurisdiction is an ISO 3166 code in capitals, optionally with a subdivision (CN, CN-LN).");
        }

        if (ruleSet.EffectiveTo is { } to && to <= ruleSet.EffectiveFrom)
        {
            Add("effectiveTo", $"The end date {to:yyyy-MM-dd} must come after the start date {ruleSet.EffectiveFrom:yyyy-MM-dd}.");
        }

        if (string.IsNullOrWhiteSpace(ruleSet.Currency) || !CurrencyPattern().IsMatch(ruleSet.Currency))
        {
            Add("currency", "The currency is a three-letter ISO 4217 code in capitals (CNY).");
        }

        if (ruleSet.Sectors is not { Count: > 0 })
        {
            Add("sectors", "A rule set needs at least one sector.");
            return Freeze(errors);
        }

        var sectorCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var industryCodes = new List<(string Code, string Field)>();
        for (var s = 0; s < ruleSet.Sectors.Count; s++)
        {
            var sector = ruleSet.Sectors[s];
            var at = $"sectors[{s}]";
            if (string.IsNullOrWhiteSpace(sector.Code))
            {
                Add($"{at}.code", "The sector code is required.");
            }
            else if (!sectorCodes.Add(sector.Code))
            {
                Add($"{at}.code", $"Sector '{sector.Code}' appears more than once.");
            }

            if (string.IsNullOrWhiteSpace(sector.NameEn))
            {
                Add($"{at}.nameEn", "The English name is required.");
            }

            if (string.IsNullOrWhiteSpace(sector.NameZh))
            {
                Add($"{at}.nameZh", "The Chinese name is required.");
            }

            if (sector.IndustryCodes is not { Count: > 0 })
            {
                Add($"{at}.industryCodes", "A sector covers at least one GB/T 4754 section or division.");
            }
            else
            {
                for (var c = 0; c < sector.IndustryCodes.Count; c++)
                {
                    var field = $"{at}.industryCodes[{c}]";
                    if (!IndustryCode.TryParse(sector.IndustryCodes[c], out var code, out var error))
                    {
                        Add(field, error);
                    }
                    else if (code.Value != sector.IndustryCodes[c])
                    {
                        Add(field, $"Write the code as {code.Value}.");
                    }
                    else
                    {
                        industryCodes.Add((code.Value, field));
                    }
                }
            }

            ValidateBoundaries(sector, at, Add);
        }

        // An industry code belongs to at most one sector; "G" and "G53" together would make the sector depend on order.
        for (var i = 0; i < industryCodes.Count; i++)
        {
            for (var j = 0; j < industryCodes.Count; j++)
            {
                if (i != j && industryCodes[j].Code.StartsWith(industryCodes[i].Code, StringComparison.Ordinal)
                    && (industryCodes[i].Code != industryCodes[j].Code || i < j))
                {
                    Add(industryCodes[j].Field, $"{industryCodes[j].Code} is already covered by {industryCodes[i].Code} ({industryCodes[i].Field}).");
                }
            }
        }

        return Freeze(errors);
    }

    private static void ValidateBoundaries(SizeSector sector, string at, Action<string, string> add)
    {
        if (!Enum.IsDefined(sector.BaseClass) || sector.BaseClass == SizeClass.Large)
        {
            add($"{at}.baseClass", "The base class is micro, small or medium.");
            return;
        }

        if (sector.Boundaries is not { Count: > 0 })
        {
            add($"{at}.boundaries", "A sector needs class boundaries from the base class up to large.");
            return;
        }

        var expected = Enumerable.Range((int)sector.BaseClass + 1, (int)SizeClass.Large - (int)sector.BaseClass).Select(c => (SizeClass)c).ToList();
        var actual = sector.Boundaries.Select(b => b.Class).ToList();
        if (!expected.SequenceEqual(actual))
        {
            add($"{at}.boundaries",
                $"Boundaries must be contiguous and ascending from above the base class ({sector.BaseClass.ToString().ToLowerInvariant()}): " +
                $"expected {string.Join(", ", expected.Select(c => c.ToString().ToLowerInvariant()))}, " +
                $"found {string.Join(", ", actual.Select(c => Enum.IsDefined(c) ? c.ToString().ToLowerInvariant() : ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture)))}.");
        }

        for (var b = 0; b < sector.Boundaries.Count; b++)
        {
            var boundary = sector.Boundaries[b];
            var bat = $"{at}.boundaries[{b}]";
            if (!Enum.IsDefined(boundary.Combination))
            {
                add($"{bat}.combination", "The combination is 'all' or 'any'.");
            }

            if (string.IsNullOrWhiteSpace(boundary.Label))
            {
                add($"{bat}.label", "The label names the limit in words (e.g. 'medium lower limit'); reasons quote it.");
            }

            if (boundary.Thresholds is not { Count: > 0 })
            {
                add($"{bat}.thresholds", "A boundary needs at least one threshold.");
                continue;
            }

            var seen = new HashSet<SizeIndicator>();
            for (var t = 0; t < boundary.Thresholds.Count; t++)
            {
                var threshold = boundary.Thresholds[t];
                var tat = $"{bat}.thresholds[{t}]";
                if (!Enum.IsDefined(threshold.Indicator))
                {
                    add($"{tat}.indicator", "Known indicators: employees, annual-revenue, total-assets.");
                    continue;
                }

                if (!seen.Add(threshold.Indicator))
                {
                    add($"{tat}.indicator", $"{threshold.Indicator} appears more than once in this boundary.");
                }

                if (!Enum.IsDefined(threshold.Inclusivity))
                {
                    add($"{tat}.inclusivity", "The inclusivity is 'inclusive' or 'exclusive'.");
                }

                if (!Enum.IsDefined(threshold.Scale))
                {
                    add($"{tat}.scale", "Known scales: one, thousand, ten-thousand, million, hundred-million.");
                }
                else if (threshold.Indicator == SizeIndicator.Employees && threshold.Scale != UnitScale.One)
                {
                    add($"{tat}.scale", "Employees are counted in persons: the scale is 'one'.");
                }

                if (threshold.Value <= 0)
                {
                    add($"{tat}.value", "A limit is greater than zero.");
                }
                else if (threshold.Indicator == SizeIndicator.Employees && decimal.Truncate(threshold.Value) != threshold.Value)
                {
                    add($"{tat}.value", "An employee limit is a whole number of persons.");
                }
            }
        }

        // Limits ascend: for every indicator two boundaries share, the higher class has the higher limit.
        for (var lower = 0; lower < sector.Boundaries.Count; lower++)
        {
            for (var upper = lower + 1; upper < sector.Boundaries.Count; upper++)
            {
                var upperThresholds = sector.Boundaries[upper].Thresholds ?? [];
                for (var t = 0; t < upperThresholds.Count; t++)
                {
                    var high = upperThresholds[t];
                    var low = (sector.Boundaries[lower].Thresholds ?? []).FirstOrDefault(x => x.Indicator == high.Indicator);
                    if (low is not null && Enum.IsDefined(low.Scale) && Enum.IsDefined(high.Scale) && high.Limit <= low.Limit)
                    {
                        add($"{at}.boundaries[{upper}].thresholds[{t}].value",
                            $"The {high.Indicator} limit for {sector.Boundaries[upper].Class} ({high.Limit:N0}) must be above " +
                            $"the one for {sector.Boundaries[lower].Class} ({low.Limit:N0}).");
                    }
                }
            }
        }
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{2}(-[A-Z0-9]{1,8})*$")]
    private static partial Regex JurisdictionPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
