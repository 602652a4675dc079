using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>The register's search as asked (query string): every filter optional.</summary>
public sealed record SearchEnterprisesRequest(string? Q, string? Ward, string? Industry, string? SizeClass, string? Status, string? Cursor, int? Limit);

/// <summary>A page of the register's search: the enterprises and the cursor of the next page (null on the last).</summary>
public sealed record EnterprisePage(IReadOnlyList<Enterprise> Items, string? NextCursor);

/// <summary>
/// Search: q is a Unified Social Credit Code (exact) or a part of the Chinese or English name; ward, industry (section
/// or division prefix), sizeClass (or "unclassified"), status; keyset pages in registration order. Counter staff search
/// their own ward; asking for another ward gives an empty page, as if it had no enterprises.
/// </summary>
public sealed class SearchEnterprisesHandler(RegisterStore register)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private const string List = "enterprises";

    public async Task<Outcome<EnterprisePage>> HandleAsync(SearchEnterprisesRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (uscc, namePart) = ParseQuery(request.Q?.Trim(), errors);
        var wardCode = WardFilter.Parse(request.Ward, errors);

        var industryPrefix = string.IsNullOrWhiteSpace(request.Industry) ? null : request.Industry.Trim().ToUpperInvariant();
        errors.AddIf(industryPrefix is not null && !IsIndustryPrefix(industryPrefix), "industry",
            "An industry filter is a GB/T 4754-2017 section letter (A–T) and up to four digits, e.g. C or C35.");
        var sizeFilter = string.IsNullOrWhiteSpace(request.SizeClass) ? null : request.SizeClass.Trim().ToLowerInvariant();
        var unclassified = sizeFilter == "unclassified";
        errors.AddIf(sizeFilter is not null && !unclassified && !Enum.TryParse<SizeClass>(sizeFilter, ignoreCase: true, out _), "sizeClass",
            "sizeClass is micro, small, medium, large or unclassified.");
        var statusFilter = string.IsNullOrWhiteSpace(request.Status) ? null : request.Status.Trim().ToLowerInvariant();
        errors.AddIf(statusFilter is not null and not (EnterpriseStatus.Active or EnterpriseStatus.Deactivated), "status", "status is active or deactivated.");
        Guid after = default;
        errors.AddIf(!string.IsNullOrEmpty(request.Cursor) && !PageCursor.TryDecode(List, request.Cursor, out after), "cursor", PageCursor.Invalid);
        errors.AddIf(request.Limit is < 1 or > MaxPageSize, "limit", $"limit is between 1 and {MaxPageSize}.");
        if (errors.ToRefusal("The search is invalid.") is { } invalid)
        {
            return invalid;
        }

        if (!WardFilter.TryNarrow(caller.WardScope(), wardCode, out wardCode))
        {
            return new EnterprisePage([], null);
        }

        var take = request.Limit ?? DefaultPageSize;
        var rows = await register.SearchAsync(new EnterpriseSearch(uscc, namePart, wardCode, industryPrefix, unclassified ? null : sizeFilter,
            unclassified, statusFilter, string.IsNullOrEmpty(request.Cursor) ? null : after, take), ct);
        var items = rows.Take(take).ToList();
        return new EnterprisePage(items, rows.Count > take ? PageCursor.Encode(List, items[^1].Id) : null);
    }

    /// <summary>A whole code searches by code; anything else is a part of a name.</summary>
    private static (string? Uscc, string? NamePart) ParseQuery(string? query, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(query))
        {
            return (null, null);
        }

        if (query.Length > 100)
        {
            errors.Add("q", "A search text has at most 100 characters.");
            return (null, null);
        }

        return UnifiedSocialCreditCode.Parse(query).Code is { } code ? (code.Value, null) : (null, query);
    }

    private static bool IsIndustryPrefix(string prefix) =>
        prefix.Length <= 5 && prefix[0] is >= 'A' and <= 'T' && !prefix.AsSpan(1).ContainsAnyExceptInRange('0', '9');
}
