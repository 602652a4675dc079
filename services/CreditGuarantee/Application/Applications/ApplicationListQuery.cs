using SmePlatform.CreditGuarantee.Data;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>The paging and status parameters the bank's and the examiners' application lists share.</summary>
public static class ApplicationListQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Adds a field error for each bad parameter; returns the position the cursor names, if any.</summary>
    public static (DateTimeOffset At, Guid Id)? Validate(string? status, string? cursor, int? limit, Dictionary<string, string[]> errors)
    {
        if (status is not null && !States.TryParse(status, out _))
        {
            errors["status"] = [$"'{status}' is not a status; use one of {string.Join(", ", States.All)}."];
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"1 to {MaxPageSize}."];
        }

        var after = Cursor.Parse(cursor);
        if (cursor is not null && after is null)
        {
            errors["cursor"] = ["Not a cursor of this list: pass nextCursor from the previous page unchanged."];
        }

        return after;
    }
}
