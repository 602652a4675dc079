using System.Security.Claims;
using System.Text.RegularExpressions;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.Diagnosis.Data;

namespace SmePlatform.Diagnosis.Application.Statements;

/// <summary>The body of PUT …/statements/{fiscalYear}: the enterprise's registered ward and the figures.</summary>
public sealed record PutStatementBody(string? Ward, StatementInput? Statement);

public sealed record PutStatementRequest(Guid EnterpriseId, int FiscalYear, PutStatementBody? Body);

public sealed record StatementView(Guid EnterpriseId, string Ward, StatementInput Statement, string Source, int Version, string UpdatedBy,
    DateTimeOffset UpdatedAt, IReadOnlyList<StatementWarning> Warnings);

/// <summary>An advisor records (or corrects) one fiscal year's statement; every field error at once, nothing stored on error.</summary>
public sealed partial class PutStatementHandler(UnitOfWorkFactory units, TimeProvider clock)
{
    public async Task<Outcome<StatementView>> HandleAsync(PutStatementRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var warnings = new List<StatementWarning>();
        var ward = request.Body?.Ward?.Trim().ToLowerInvariant();
        errors.AddIf(string.IsNullOrEmpty(ward) || !WardCode().IsMatch(ward), "ward", "Required: the enterprise's registered ward code.");
        var statement = StatementParsing.Parse(request.Body?.Statement, "statement.", Access.CurrentYear(clock), errors, warnings, request.FiscalYear);
        if (errors.ToRefusal("The statement has errors.") is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var actor = Actor.From(caller);
        await using var unit = await units.BeginAsync(ct);
        var version = await StatementStore.UpsertAsync(unit, request.EnterpriseId, ward!, statement!, StatementSources.Advisor, actor.Id, now, ct);
        await unit.AuditAsync(new AuditEntry(actor, "statement.recorded", "statement", $"{request.EnterpriseId}/{request.FiscalYear}", null,
            new { request.EnterpriseId, request.FiscalYear, version }), ct);
        await unit.CommitAsync(ct);
        return new StatementView(request.EnterpriseId, ward!, request.Body!.Statement! with { FiscalYear = request.FiscalYear }, StatementSources.Advisor,
            version, actor.Id, now, warnings);
    }

    [GeneratedRegex("^[a-z][a-z-]{0,39}$")]
    private static partial Regex WardCode();
}
