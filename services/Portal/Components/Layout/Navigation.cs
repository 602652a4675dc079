using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Portal.Components.Layout;

/// <summary>A page of the portal in the menu: its path, its English title (the catalogue's key) and who sees it.</summary>
public sealed record NavItem(string Path, string Title, string[] Roles);

/// <summary>What each role reaches from its home in one click. The services still decide what each page may show.</summary>
public static class Navigation
{
    private static readonly string[] Readers =
        [Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin];

    public static readonly IReadOnlyList<NavItem> Items =
    [
        new("", "Home", [.. Roles.Staff]),
        new("queue", "Walk-in queue", [Roles.CounterStaff]),
        new("enterprises", "Register of enterprises", Readers),
        new("examination", "Examination queue", [Roles.Examiner, Roles.SmeOffice, Roles.Admin]),
        new("diagnosis", "Enterprise diagnosis", [Roles.Advisor, Roles.SmeOffice]),
        new("matching", "Partnership matching", [Roles.Intermediary, Roles.SmeOffice]),
        new("dashboard", "Dashboard", [Roles.SmeOffice, Roles.Admin]),
    ];

    public static IEnumerable<NavItem> For(System.Security.Claims.ClaimsPrincipal user) =>
        Items.Where(item => item.Roles.Any(user.IsInRole));

    /// <summary>The English name of a role (the catalogue's key).</summary>
    public static string RoleName(string role) => role switch
    {
        Roles.CounterStaff => "Counter staff",
        Roles.Examiner => "Guarantee examiner",
        Roles.Intermediary => "Intermediary",
        Roles.Advisor => "Advisor",
        Roles.SmeOffice => "SME Office",
        Roles.Admin => "Administrator",
        _ => role,
    };
}
