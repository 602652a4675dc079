namespace SmePlatform.ServiceDefaults.Auth;

/// <summary>The platform's roles, as they appear in the tokens' "role" claim.</summary>
public static class Roles
{
    public const string CounterStaff = "counter_staff";
    public const string Examiner = "examiner";
    public const string Intermediary = "intermediary";
    public const string Advisor = "advisor";
    public const string SmeOffice = "sme_office";
    public const string Admin = "admin";
    public const string Bank = "bank";

    /// <summary>Another SmePlatform service acting on its own behalf (client credentials).</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [CounterStaff, Examiner, Intermediary, Advisor, SmeOffice, Admin, Bank, Service];

    /// <summary>Every human role of the city's staff (not banks, not services).</summary>
    public static readonly IReadOnlyList<string> Staff = [CounterStaff, Examiner, Intermediary, Advisor, SmeOffice, Admin];
}

/// <summary>Claim types in SmePlatform tokens (short JWT names; inbound claim mapping is off).</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>The ward a counter clerk serves (a ward code such as "heping").</summary>
    public const string Ward = "ward";

    /// <summary>The partner bank a bank client acts for.</summary>
    public const string BankId = "bank_id";
}
