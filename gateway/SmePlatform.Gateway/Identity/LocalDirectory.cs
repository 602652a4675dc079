using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Gateway.Identity;

/// <summary>A staff member who signs in with a password.</summary>
public sealed record LocalUser(string Username, string DisplayName, string SecretHash, IReadOnlyList<string> Roles, string? Ward);

/// <summary>A partner bank's (or a service's) client that signs in with client credentials.</summary>
public sealed record LocalClient(string ClientId, string DisplayName, string SecretHash, IReadOnlyList<string> Roles, string? BankId);

/// <summary>
/// A browser application staff sign in to (the staff portal): a public client, so it has no secret; it proves it started
/// the sign-in with PKCE (S256), and the code goes only to one of its registered redirect URIs (exact match).
/// </summary>
public sealed record LocalPublicClient(string ClientId, string DisplayName, IReadOnlyList<string> RedirectUris);

/// <summary>The local provider's users and clients. Demo identities only where <see cref="DemoIdentities"/> allows.</summary>
public sealed class LocalDirectory(IReadOnlyList<LocalUser> users, IReadOnlyList<LocalClient> clients,
    IReadOnlyList<LocalPublicClient>? publicClients = null)
{
    private readonly Dictionary<string, LocalUser> usersByName = users.ToDictionary(u => u.Username, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LocalClient> clientsById = clients.ToDictionary(c => c.ClientId, StringComparer.Ordinal);
    private readonly Dictionary<string, LocalPublicClient> publicClientsById =
        (publicClients ?? []).ToDictionary(c => c.ClientId, StringComparer.Ordinal);

    public LocalUser? FindUser(string username) => usersByName.GetValueOrDefault(username);

    public LocalClient? FindClient(string clientId) => clientsById.GetValueOrDefault(clientId);

    public LocalPublicClient? FindPublicClient(string clientId) => publicClientsById.GetValueOrDefault(clientId);

    /// <summary>The same users and confidential clients, with these public clients.</summary>
    public LocalDirectory WithPublicClients(IReadOnlyList<LocalPublicClient> clients) =>
        new(usersByName.Values.ToList(), clientsById.Values.ToList(), clients);
}

/// <summary>
/// The published demo identities (README): password "demo" for every staff user, "demo-secret" for every bank.
/// Seeded only in local/demo mode; the gateway refuses to seed them outside Development.
/// </summary>
public static class DemoIdentities
{
    public const string StaffPassword = "demo";
    public const string BankSecret = "demo-secret";

    /// <summary>
    /// The secret of the demo service clients (docs/adr/0009-service-identity.md): services acting on their own behalf,
    /// e.g. CreditGuarantee resolving a bank's enterprise in OneStop's register. Development only, like every demo identity.
    /// </summary>
    public const string ServiceSecret = "demo-service-secret";

    public static LocalDirectory Create()
    {
        // One hash per secret, computed once: every demo user shares the published password anyway.
        var staff = SecretHasher.Hash(StaffPassword);
        var bank = SecretHasher.Hash(BankSecret);
        var service = SecretHasher.Hash(ServiceSecret);
        return new LocalDirectory(
        [
            new("counter.heping", "Counter staff, Heping", staff, [Roles.CounterStaff], "heping"),
            new("counter.dadong", "Counter staff, Dadong", staff, [Roles.CounterStaff], "dadong"),
            new("examiner.li", "Examiner Li", staff, [Roles.Examiner], null),
            new("examiner.wang", "Examiner Wang", staff, [Roles.Examiner], null),
            new("intermediary.zhao", "Intermediary Zhao", staff, [Roles.Intermediary], null),
            new("advisor.chen", "Advisor Chen", staff, [Roles.Advisor], null),
            new("smeoffice.liu", "SME Office, Liu", staff, [Roles.SmeOffice], null),
            new("admin", "Administrator", staff, [Roles.Admin], null),
        ],
        [
            new("ccb-shenyang", "China Construction Bank, Shenyang", bank, [Roles.Bank], "ccb-shenyang"),
            new("huaxia-shenyang", "Huaxia Bank, Shenyang", bank, [Roles.Bank], "huaxia-shenyang"),
            new("sy-commercial-bank", "Shenyang City Commercial Bank", bank, [Roles.Bank], "sy-commercial-bank"),
            new("guarantee-service", "Credit guarantee service", service, [Roles.Service], null),
            new("matching-service", "Partnership matching service", service, [Roles.Service], null),
            new("diagnosis-service", "Enterprise diagnosis service", service, [Roles.Service], null),
        ]);
    }
}
