using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Application.Statements;

public sealed record ListStatementsRequest(Guid EnterpriseId);

public sealed record StoredStatementView(int FiscalYear, string Ward, FinancialStatement Statement, string Source, int Version, string UpdatedBy, DateTimeOffset UpdatedAt);

public sealed record StatementList(Guid EnterpriseId, IReadOnlyList<StoredStatementView> Statements);

/// <summary>An enterprise's stored statements, oldest first: confidential figures, so the read is audited.</summary>
public sealed class ListStatementsHandler(StatementStore statements, UnitOfWorkFactory units)
{
    public async Task<Outcome<StatementList>> HandleAsync(ListStatementsRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await statements.ListAsync(request.EnterpriseId, ct);
        if (stored.Count == 0)
        {
            return Refusal.NotFound("No statements are stored for this enterprise.");
        }

        await using var unit = await units.BeginAsync(ct);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "statements.read", "enterprise", request.EnterpriseId.ToString(), null,
            new { years = stored.Select(s => s.Statement.FiscalYear) }), ct);
        await unit.CommitAsync(ct);
        return new StatementList(request.EnterpriseId,
            [.. stored.Select(s => new StoredStatementView(s.Statement.FiscalYear, s.Ward, s.Statement, s.Source, s.RowVersion, s.UpdatedBy, s.UpdatedAt))]);
    }
}
