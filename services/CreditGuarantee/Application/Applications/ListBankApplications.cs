using System.Security.Claims;
using Npgsql;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>The bank's list: by status and changes since, oldest change first, a page at a time.</summary>
public sealed record ListBankApplications(string? Status, DateTimeOffset? UpdatedSince, string? Cursor, int? Limit);

/// <summary>The bank's applications, oldest change first; follow nextCursor. A token without a bank sees an empty list.</summary>
public sealed class ListBankApplicationsHandler(NpgsqlDataSource dataSource)
{
    public async Task<Outcome<Page<BankApplicationSummary>>> HandleAsync(ListBankApplications request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var after = ApplicationListQuery.Validate(request.Status, request.Cursor, request.Limit, errors);
        if (errors.Count > 0)
        {
            return Refusals.Invalid(errors);
        }

        if (caller.BankId() is not { Length: > 0 } bankId)
        {
            return new Page<BankApplicationSummary>([], null);
        }

        var take = request.Limit ?? ApplicationListQuery.DefaultPageSize;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await ApplicationStore.ListForBankAsync(connection, bankId, request.Status, request.UpdatedSince, after, take + 1, cancellationToken);
        var page = rows.Take(take).ToList();
        return new Page<BankApplicationSummary>([.. page.Select(ApplicationViews.Summary)],
            rows.Count > take ? Cursor.Format(page[^1].UpdatedAt, page[^1].Id) : null);
    }
}
