namespace SmePlatform.Gateway.Identity;

/// <summary>Section "Identity": the local OpenID Connect provider hosted by the gateway.</summary>
public sealed class LocalProviderOptions
{
    /// <summary>On by default in Development only; elsewhere it must be enabled explicitly (and should not be).</summary>
    public bool? Enabled { get; set; }

    /// <summary>The issuer URL put in tokens; services validate against it (their Auth:Authority).</summary>
    public string Issuer { get; set; } = "http://127.0.0.1:8080";

    public string Audience { get; set; } = "smeplatform";

    /// <summary>Where the signing keys live; created on first start.</summary>
    public string KeyPath { get; set; } = ".sme/identity/signing-keys.json";

    public int AccessTokenMinutes { get; set; } = 10;

    public int RefreshTokenHours { get; set; } = 8;

    /// <summary>An authorization code is exchanged at once by the application that asked for it; minutes are plenty.</summary>
    public int AuthorizationCodeMinutes { get; set; } = 2;

    /// <summary>The staff portal's client id (a public client using the authorization code flow with PKCE).</summary>
    public string PortalClientId { get; set; } = "staff-portal";

    /// <summary>Where the portal may receive codes (exact match). None configured: the code flow has no client.</summary>
    public List<string> PortalRedirectUris { get; set; } = [];

    /// <summary>Seed the published demo identities (README). Refused outside Development.</summary>
    public bool SeedDemoIdentities { get; set; }

    public int LockoutFailures { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;
}
