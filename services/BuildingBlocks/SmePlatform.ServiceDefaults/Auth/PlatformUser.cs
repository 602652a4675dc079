using System.Security.Claims;

namespace SmePlatform.ServiceDefaults.Auth;

/// <summary>Reads the platform's claims from the signed-in principal.</summary>
public static class PlatformUser
{
    public static string? Id(this ClaimsPrincipal user) => user.FindFirst(PlatformClaims.Subject)?.Value;

    public static string? Ward(this ClaimsPrincipal user) => user.FindFirst(PlatformClaims.Ward)?.Value;

    public static string? BankId(this ClaimsPrincipal user) => user.FindFirst(PlatformClaims.BankId)?.Value;

    public static IReadOnlyList<string> PlatformRoles(this ClaimsPrincipal user) =>
        [.. user.FindAll(PlatformClaims.Role).Select(c => c.Value)];

    /// <summary>
    /// The ward this user may act in, or null when the user is not bound to a ward (city-wide roles).
    /// Counter staff are always bound: a clerk's token without a ward claim sees nothing.
    /// </summary>
    public static WardScope WardScope(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.CounterStaff) && !user.IsInRole(Roles.Admin)
            ? new WardScope(user.Ward() ?? string.Empty)
            : Auth.WardScope.CityWide;
}

/// <summary>Either the whole city or one ward.</summary>
public sealed record WardScope(string? Ward)
{
    public static readonly WardScope CityWide = new((string?)null);

    public bool IsCityWide => Ward is null;

    public bool Allows(string ward) => Ward is null || string.Equals(Ward, ward, StringComparison.OrdinalIgnoreCase);
}
