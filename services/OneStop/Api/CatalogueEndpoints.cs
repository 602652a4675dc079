using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Application;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Api;

/// <summary>
/// The content of a procedure version. <see cref="Code"/> is read only when adding a procedure; a new version takes
/// the code from the route. Documents: <c>[{code, name, required}]</c>, required by default.
/// </summary>
public sealed record ProcedureRequest(
    string? Code,
    string? NameEn,
    string? NameZh,
    string? ResponsibleOffice,
    decimal? FeeCny,
    int? TimeLimitWorkingDays,
    IReadOnlyList<RequiredDocumentInput?>? DocumentsNew,
    IReadOnlyList<RequiredDocumentInput?>? DocumentsRenewal);

/// <summary>One version of a procedure as the API shows it, with when and by whom it was published.</summary>
public sealed record ProcedureVersionView(
    string Code,
    int Version,
    string NameEn,
    string NameZh,
    string ResponsibleOffice,
    decimal FeeCny,
    int TimeLimitWorkingDays,
    IReadOnlyList<RequiredDocument> DocumentsNew,
    IReadOnlyList<RequiredDocument> DocumentsRenewal,
    DateTimeOffset PublishedAt,
    string? PublishedBy)
{
    public static ProcedureVersionView From(ProcedureVersion version)
    {
        var p = version.Procedure;
        return new(p.Code, p.Version, p.NameEn, p.NameZh, p.ResponsibleOffice, p.FeeCny, p.TimeLimitWorkingDays, p.DocumentsNew, p.DocumentsRenewal,
            version.PublishedAt, version.PublishedBy);
    }
}

public sealed record ProcedureHistory(string Code, IReadOnlyList<ProcedureVersionView> Versions);

/// <summary>
/// Editing the service catalogue: the SME Office and admins add procedures and publish new versions. A version is never
/// changed in place; cases keep the version they were opened under (its checklist and time limit are copied onto the
/// case), so an open case's SLA and checklist do not move when the catalogue does. The list of current versions is
/// <c>GET /api/onestop/procedures</c> (CaseEndpoints).
/// </summary>
public static class CatalogueEndpoints
{
    private static readonly string[] Editors = [Roles.SmeOffice, Roles.Admin];

    public static IEndpointRouteBuilder MapCatalogueEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/onestop/procedures").WithTags("Catalogue");
        group.MapGet("/{code}", CurrentAsync).WithName("GetProcedure")
            .RequireAccess("every staff role: the service catalogue is public to staff", [.. Roles.Staff]);
        group.MapGet("/{code}/versions", VersionsAsync).WithName("ListProcedureVersions")
            .RequireAccess("every staff role: the service catalogue is public to staff", [.. Roles.Staff]);
        group.MapPost("/", AddAsync).WithName("AddProcedure")
            .RequireAccess("SME Office and admins edit the catalogue city-wide", Editors);
        group.MapPost("/{code}/versions", PublishAsync).WithName("PublishProcedureVersion")
            .RequireAccess("SME Office and admins edit the catalogue city-wide; If-Match: the current version's ETag", Editors);
        return routes;
    }

    internal static async Task<Results<Ok<ProcedureVersionView>, NotFound>> CurrentAsync(
        string code, ProcedureStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var versions = await store.VersionsAsync(code.Trim().ToLowerInvariant(), cancellationToken);
        if (versions.Count == 0)
        {
            return TypedResults.NotFound();
        }

        response.SetVersion(versions[0].Procedure.Version);
        return TypedResults.Ok(ProcedureVersionView.From(versions[0]));
    }

    internal static async Task<Results<Ok<ProcedureHistory>, NotFound>> VersionsAsync(string code, ProcedureStore store, CancellationToken cancellationToken)
    {
        var normalised = code.Trim().ToLowerInvariant();
        var versions = await store.VersionsAsync(normalised, cancellationToken);
        return versions.Count == 0
            ? TypedResults.NotFound()
            : TypedResults.Ok(new ProcedureHistory(normalised, versions.Select(ProcedureVersionView.From).ToList()));
    }

    /// <summary>Adds a procedure to the catalogue as version 1; a code already there is 409 (publish a version instead).</summary>
    internal static async Task<Results<Created<ProcedureVersionView>, ProblemHttpResult>> AddAsync(
        ProcedureRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var code = request.Code?.Trim().ToLowerInvariant();
        var (content, errors) = Validate(request);
        if (!ServiceCatalogue.IsValidCode(code))
        {
            errors["code"] = ["code is 2 to 50 characters: lower-case letters, digits and dashes, starting with a letter (e.g. export-licensing)."];
        }

        if (errors.Count > 0)
        {
            return OneStopProblems.Invalid(errors, "The procedure cannot be added as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await ProcedureStore.LockCurrentAsync(unit, code!, cancellationToken) is { } existing)
        {
            return Refusal.Conflict("procedure-exists", "The procedure is already in the catalogue.",
                    $"'{code}' is at version {existing.Procedure.Version}; publish a new version with POST /api/onestop/procedures/{code}/versions.")
                .With("currentETag", EntityVersions.ETag(existing.Procedure.Version)).ToProblem();
        }

        var published = await InsertVersionAsync(unit, code!, 1, content!, null, user, clock, cancellationToken);
        response.SetVersion(1);
        return TypedResults.Created($"/api/onestop/procedures/{code}", published);
    }

    /// <summary>
    /// Publishes the next version of a procedure. If-Match must carry the current version's ETag (428 without, 412 when
    /// someone published since); content equal to the current version publishes nothing and answers it.
    /// </summary>
    internal static async Task<Results<Created<ProcedureVersionView>, Ok<ProcedureVersionView>, NotFound, ProblemHttpResult>> PublishAsync(
        string code, ProcedureRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        var normalised = code.Trim().ToLowerInvariant();
        var ifMatch = http.Request.IfMatch(required: true);
        if (ifMatch.Refusal is { } precondition)
        {
            return precondition.ToProblem();
        }

        var (content, errors) = Validate(request);
        if (request.Code is not null && !string.Equals(request.Code.Trim(), normalised, StringComparison.OrdinalIgnoreCase))
        {
            errors["code"] = [$"The code of a procedure never changes; this is '{normalised}' (add a new procedure for another code)."];
        }

        if (errors.Count > 0)
        {
            return OneStopProblems.Invalid(errors, "The version cannot be published as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await ProcedureStore.LockCurrentAsync(unit, normalised, cancellationToken) is not { } current)
        {
            return TypedResults.NotFound();
        }

        if (ifMatch.Value != current.Procedure.Version)
        {
            return EntityVersions.Changed("procedure", current.Procedure.Version).ToProblem();
        }

        if (SameContent(current.Procedure, content!))
        {
            http.Response.SetVersion(current.Procedure.Version);
            return TypedResults.Ok(ProcedureVersionView.From(current));
        }

        var version = current.Procedure.Version + 1;
        var published = await InsertVersionAsync(unit, normalised, version, content!, current, user, clock, cancellationToken);
        http.Response.SetVersion(version);
        return TypedResults.Created($"/api/onestop/procedures/{normalised}", published);
    }

    private static async Task<ProcedureVersionView> InsertVersionAsync(
        UnitOfWork unit, string code, int version, ProcedureContent content, ProcedureVersion? before, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var publishedBy = user.Id() ?? "unknown";
        var procedure = new Procedure(code, version, content.NameEn, content.NameZh, content.ResponsibleOffice, content.FeeCny,
            content.TimeLimitWorkingDays, content.DocumentsNew, content.DocumentsRenewal);
        await ProcedureStore.InsertAsync(unit, procedure, publishedBy, now, cancellationToken);
        var view = ProcedureVersionView.From(new ProcedureVersion(procedure, now, publishedBy));
        await unit.AuditAsync(new AuditEntry(Actor.From(user), before is null ? "procedure.added" : "procedure.version-published", "procedure", code,
            before is null ? null : ProcedureVersionView.From(before), view), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return view;
    }

    private static (ProcedureContent? Content, Dictionary<string, string[]> Errors) Validate(ProcedureRequest request) =>
        ServiceCatalogue.Validate(request.NameEn, request.NameZh, request.ResponsibleOffice, request.FeeCny, request.TimeLimitWorkingDays,
            request.DocumentsNew, request.DocumentsRenewal);

    private static bool SameContent(Procedure current, ProcedureContent content) =>
        current.NameEn == content.NameEn && current.NameZh == content.NameZh && current.ResponsibleOffice == content.ResponsibleOffice &&
        current.FeeCny == content.FeeCny && current.TimeLimitWorkingDays == content.TimeLimitWorkingDays &&
        JsonSerializer.Serialize(current.DocumentsNew, CaseStore.Json) == JsonSerializer.Serialize(content.DocumentsNew, CaseStore.Json) &&
        JsonSerializer.Serialize(current.DocumentsRenewal, CaseStore.Json) == JsonSerializer.Serialize(content.DocumentsRenewal, CaseStore.Json);

    }
