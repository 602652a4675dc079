using System.Security.Claims;
using Npgsql;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>One of the bank's applications, with its screening, decision and reasons; another bank's is not found.</summary>
public sealed class GetBankApplicationHandler(NpgsqlDataSource dataSource)
{
    public async Task<Outcome<BankApplicationView>> HandleAsync(Guid id, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (caller.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NotFound();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await ApplicationStore.FindAsync(connection, null, id, bankId, cancellationToken) is not { } row)
        {
            return Refusals.NotFound();
        }

        return ApplicationViews.ForBank(row, await ApplicationStore.HistoryAsync(connection, null, id, cancellationToken));
    }
}
