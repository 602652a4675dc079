using System.Security.Claims;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Diagnosis.Application;

/// <summary>
/// Who sees what of a diagnosis (docs/diagnosis-rules.md "Who sees what"): advisors city-wide, read and write; the SME
/// Office reads everything; counter staff the summaries of their own ward's enterprises only (another ward's answers
/// 404, as if it did not exist); banks and examiners nothing here (examiners through a consenting application).
/// </summary>
public static class Access
{
    public static bool SeesFull(ClaimsPrincipal caller) =>
        caller.IsInRole(Roles.Advisor) || caller.IsInRole(Roles.SmeOffice) || caller.IsInRole(Roles.Admin);

    /// <summary>Whether the caller may see at least the summary of an enterprise in <paramref name="ward"/>.</summary>
    public static bool SeesWard(ClaimsPrincipal caller, string ward) =>
        SeesFull(caller) || (caller.IsInRole(Roles.CounterStaff) && caller.WardScope().Allows(ward));

    /// <summary>Local time of the city (Asia/Shanghai, UTC+8, no daylight saving): fiscal years are the city's calendar years.</summary>
    public static int CurrentYear(TimeProvider clock) => clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
}
