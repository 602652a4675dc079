using System.Globalization;
using System.Text.RegularExpressions;
using SmePlatform.SharedKernel;

namespace SmePlatform.ClusterStats.Domain.Clusters;

/// <summary>A named member as posted: the enterprise's id and its role, by name.</summary>
public sealed record MemberDraft(Guid? EnterpriseId, string? Role);

/// <summary>
/// A cluster version as the SME Office posts it, every value as sent (strings for enums and days), so that every bad
/// field can be named at once instead of failing on the first unreadable one.
/// </summary>
public sealed partial record ClusterDraft(
    string? Id,
    int? BasedOnVersion,
    string? EffectiveFrom,
    string? NameZh,
    string? NameEn,
    IReadOnlyList<string>? IndustryCodes,
    IReadOnlyList<string>? Wards,
    IReadOnlyList<MemberDraft>? Members,
    string? Pattern,
    string? GovernmentRole,
    string? Origin)
{
    public const int MaxNameLength = 200;
    public const int MaxCodes = 50;
    public const int MaxMembers = 2000;

    /// <summary>
    /// The version this draft makes after <paramref name="latest"/> (null: a new cluster), or every field error by field
    /// name. Versions never overlap: a new one starts after the latest one's day.
    /// </summary>
    public (ClusterDefinition? Definition, IReadOnlyList<(string Field, string Message)> Errors) Validate(ClusterDefinition? latest)
    {
        var errors = new List<(string, string)>();
        void Error(string field, string message) => errors.Add((field, message));

        if (Id is null || !IdPattern().IsMatch(Id))
        {
            Error("id", "The id is 3 to 60 lower-case letters, digits and hyphens (e.g. auto-parts).");
        }

        DateOnly effectiveFrom = default;
        if (EffectiveFrom is null || !DateOnly.TryParseExact(EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out effectiveFrom))
        {
            Error("effectiveFrom", "effectiveFrom is the day the version takes effect, yyyy-MM-dd (e.g. 2027-01-01).");
        }
        else if (latest is not null && effectiveFrom <= latest.EffectiveFrom)
        {
            Error("effectiveFrom", $"Version {latest.Version} is in force from {latest.EffectiveFrom:yyyy-MM-dd}: a new version must take effect after that day, so that versions never overlap.");
        }

        if (string.IsNullOrWhiteSpace(NameZh) || NameZh.Length > MaxNameLength)
        {
            Error("nameZh", "The Chinese name is required (at most 200 characters).");
        }

        if (string.IsNullOrWhiteSpace(NameEn) || NameEn.Length > MaxNameLength)
        {
            Error("nameEn", "The English name is required (at most 200 characters).");
        }

        var codes = IndustryCodes ?? [];
        if (codes.Count is 0 or > MaxCodes)
        {
            Error("industryCodes", "A cluster names 1 to 50 GB/T 4754-2017 industry codes (e.g. C367).");
        }

        for (var i = 0; i < codes.Count; i++)
        {
            if (!Clusters.IndustryCodes.IsValid(codes[i]))
            {
                Error($"industryCodes[{i}]", $"'{codes[i]}' is not a GB/T 4754-2017 code: a section letter A-T, then its division (2 digits), group (3) or class (4), e.g. C, C36, C367, C3670.");
            }
            else if (codes.Take(i).Where(Clusters.IndustryCodes.IsValid).Any(c => Clusters.IndustryCodes.Covers(c, codes[i]) || Clusters.IndustryCodes.Covers(codes[i], c)))
            {
                Error($"industryCodes[{i}]", $"'{codes[i]}' overlaps a code named before it: name each industry once, at one level.");
            }
        }

        var wards = Wards ?? [];
        for (var i = 0; i < wards.Count; i++)
        {
            if (!Clusters.Wards.IsKnown(wards[i]))
            {
                Error($"wards[{i}]", $"'{wards[i]}' is not a ward or county of the city (e.g. heping, tiexi, xinmin).");
            }
            else if (wards.Take(i).Contains(wards[i], StringComparer.Ordinal))
            {
                Error($"wards[{i}]", $"'{wards[i]}' is named twice.");
            }
        }

        var members = Members ?? [];
        if (members.Count > MaxMembers)
        {
            Error("members", "A cluster names at most 2000 member enterprises.");
        }

        var roles = new List<ClusterMember>();
        for (var i = 0; i < members.Count; i++)
        {
            var role = WireNames.Parse<MemberRole>(members[i]?.Role);
            if (members[i]?.EnterpriseId is not { } id || id == Guid.Empty)
            {
                Error($"members[{i}].enterpriseId", "The member's enterprise id (from the register) is required.");
            }
            else if (members.Take(i).Any(m => m?.EnterpriseId == id))
            {
                Error($"members[{i}].enterpriseId", "This enterprise is named twice: a member has one role in a cluster.");
            }

            if (role is null)
            {
                Error($"members[{i}].role", "The role is one of producer, distributor, affiliated, materials, transport, repair.");
            }

            if (members[i]?.EnterpriseId is { } known && role is { } r)
            {
                roles.Add(new ClusterMember(known, r));
            }
        }

        var pattern = WireNames.Parse<ClusterPattern>(Pattern);
        if (pattern is null)
        {
            Error("pattern", "The pattern is one of production, market, production_chain.");
        }

        var governmentRole = WireNames.Parse<GovernmentRole>(GovernmentRole);
        if (governmentRole is null)
        {
            Error("governmentRole", "The government's role is one of self_development, cultivation, combination.");
        }

        var origin = WireNames.Parse<ClusterOrigin>(Origin);
        if (origin is null)
        {
            Error("origin", "The origin is one of endogenous, exogenous.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ClusterDefinition(Id!, (latest?.Version ?? 0) + 1, effectiveFrom, NameZh!.Trim(), NameEn!.Trim(), [.. codes], [.. wards],
            roles, pattern!.Value, governmentRole!.Value, origin!.Value, Preset: false, Source: null), errors);
    }


    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")]
    private static partial Regex IdPattern();
}
