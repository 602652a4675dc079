using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Register;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Application.Counts;

/// <param name="Section">A GB/T 4754 section letter (A-T).</param>
public sealed record ListCellEnterprisesRequest(string Ward, string Section);

/// <summary>One enterprise behind a cell, as the projection holds it.</summary>
public sealed record CellEnterpriseView(Guid EnterpriseId, string Ward, string IndustryCode, int Employees, decimal AnnualRevenue, string? SizeClass,
    string? OwnershipType, string? LegalForm, string? Category, DateTimeOffset? RegisteredAt)
{
    public static CellEnterpriseView From(EnterpriseRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.EnterpriseId, r.Ward!, r.IndustryCode!, r.Employees, r.AnnualRevenue, r.SizeClass, r.OwnershipType, r.LegalForm, r.Category, r.RegisteredAt);
    }
}

/// <summary>
/// The firm list behind a live cell: what disclosure control withholds from everyone else, so each read is audited
/// (who, which cell, how many enterprises) in the same transaction that answers it.
/// </summary>
public sealed class ListCellEnterprisesHandler(FigureStore figures, UnitOfWorkFactory units)
{
    public const string Title = "The cell cannot be opened as asked.";

    public async Task<Outcome<IReadOnlyList<CellEnterpriseView>>> HandleAsync(ListCellEnterprisesRequest request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors()
            .AddIf(request.Ward.Length is 0 or > 40, "ward", "The ward is a ward or county code (e.g. heping).")
            .AddIf(request.Section is not { Length: 1 } s || s[0] is < 'A' or > 'T', "section", "The section is one GB/T 4754 letter, A to T.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var enterprises = await figures.EnterprisesAsync(request.Ward, request.Section, cancellationToken);
        await using var unit = await units.BeginAsync(cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "stats.cell-enterprises-read", "cell", $"{request.Ward}/{request.Section}", null,
            new { enterprises = enterprises.Count }), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return enterprises.Select(CellEnterpriseView.From).ToArray();
    }
}
