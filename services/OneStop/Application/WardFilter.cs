using SmePlatform.Application;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Application;

/// <summary>The ward a list is asked for, and the ward it may read for the caller: one rule for every list OneStop serves.</summary>
public static class WardFilter
{
    /// <summary>The code of the ward asked for, null when none is; an unknown ward is a field error under "ward".</summary>
    public static string? Parse(string? ward, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(ward))
        {
            return null;
        }

        var code = Ward.Find(ward)?.Code;
        if (code is null)
        {
            errors["ward"] = [$"'{ward}' is not a ward or county of Shenyang; use one of: {string.Join(", ", Ward.All.Select(w => w.Code))}."];
        }

        return code;
    }

    /// <summary>The code of the ward asked for, null when none is; an unknown ward is a field error under "ward".</summary>
    public static string? Parse(string? ward, FieldErrors errors)
    {
        var found = new Dictionary<string, string[]>();
        var code = Parse(ward, found);
        foreach (var (field, messages) in found)
        {
            errors.Add(field, messages[0]);
        }

        return code;
    }

    /// <summary>
    /// The ward the caller's list reads: city-wide callers read what they asked for (null: every ward), ward staff read
    /// their own ward. False when ward staff ask for another ward: their list is empty, as if that ward had nothing.
    /// </summary>
    public static bool TryNarrow(WardScope scope, string? requested, out string? ward)
    {
        ward = requested;
        if (scope.IsCityWide)
        {
            return true;
        }

        if (requested is not null && !scope.Allows(requested))
        {
            return false;
        }

        ward = scope.Ward;
        return true;
    }
}
