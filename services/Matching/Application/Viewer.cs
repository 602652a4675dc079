using System.Security.Claims;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Matching.Application;

/// <summary>
/// Who sees what (docs/matching-rules.md, "Who sees what"): intermediaries city-wide with identities (that is their job);
/// the SME Office reads everything; advisors read profiles; counter staff see their own ward's enterprises' profiles and
/// cases, and name a counterpart only by its anonymous code until both sides have accepted. Another platform service
/// (the gRPC port) reads city-wide but is enterprise-facing too: what it reads may be shown to an enterprise.
/// </summary>
public sealed record Viewer(string Id, bool CityWide, string? Ward, bool EnterpriseFacing)
{
    public static Viewer Of(ClaimsPrincipal caller)
    {
        var scope = caller.WardScope();
        var cityStaff = caller.IsInRole(Roles.Intermediary) || caller.IsInRole(Roles.SmeOffice) || caller.IsInRole(Roles.Admin);
        return new Viewer(caller.Id() ?? "unknown", cityStaff || scope.IsCityWide, cityStaff ? null : scope.Ward, !cityStaff && (caller.IsInRole(Roles.CounterStaff) || caller.IsInRole(Roles.Service)));
    }

    /// <summary>Whether the caller may see things of an enterprise in <paramref name="ward"/> at all.</summary>
    public bool MaySee(string ward) => CityWide || string.Equals(Ward, ward, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a counterpart is named: always for city staff, for enterprise-facing roles only after the reveal.</summary>
    public bool SeesIdentity(bool revealed) => !EnterpriseFacing || revealed;
}
