using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.ServiceDefaults.Auth;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SmePlatform.OneStop.Features.Enterprises;

/// <summary>A page of the register's search: the enterprises and the cursor of the next page (null on the last).</summary>
public sealed record EnterprisePage(IReadOnlyList<EnterpriseDetails> Items, string? NextCursor);

/// <summary>Closing an enterprise, or recording that it merged into another registered one.</summary>
/// <param name="Reason">closure or merger.</param>
/// <param name="MergedInto">The enterprise it merged into (merger only).</param>
/// <param name="EffectiveOn">The day it closed or merged; today (Asia/Shanghai) when not given.</param>
public sealed record DeactivationRequest(string? Reason, Guid? MergedInto, DateOnly? EffectiveOn, string? Note);

/// <summary>One entry of an enterprise's history: who did what when, field by field.</summary>
public sealed record HistoryEntry(DateTimeOffset At, string Action, string ActorId, string? ActorRole, string? Scope, IReadOnlyList<FieldChange> Changes);

public static partial class EnterpriseEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxNoteLength = 500;
    private const int MaxHistoryEntries = 500;
    private const string CursorVersion = "1.";

    private static readonly string[] Readers =
        [Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin];

    private static readonly string[] Writers = [Roles.CounterStaff, Roles.Admin];

    public static IEndpointRouteBuilder MapEnterpriseEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/onestop/enterprises").WithTags("Enterprises");
        group.MapPost("/", RegisterAsync).WithName("RegisterEnterprise")
            .RequireAccess("counter staff register in their own ward", Writers);
        group.MapGet("/", SearchAsync).WithName("SearchEnterprises")
            .RequireAccess("counter staff: own ward only (other wards' enterprises never appear); other staff: city-wide", Readers);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetEnterprise")
            .RequireAccess("counter staff: own ward only (others' are not found); other staff: city-wide", Readers);
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateEnterprise")
            .RequireAccess("counter staff: own ward's enterprises only, and only within their ward (others' are not found)", Writers);
        group.MapPost("/{id:guid}/deactivation", DeactivateAsync).WithName("DeactivateEnterprise")
            .RequireAccess("counter staff: own ward's enterprises only (others' are not found)", Writers);
        group.MapPost("/{id:guid}/merge", MergeAsync).WithName("MergeEnterprises")
            .RequireAccess("counter staff: both entries in their own ward (others' are not found); administrators: across wards", Writers);
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("EnterpriseHistory")
            .RequireAccess("counter staff: own ward only (others' are not found); other staff: city-wide", Readers);
        return routes;
    }

    /// <summary>
    /// Registers an enterprise, classified by the current size rule set, and in the same transaction records
    /// EnterpriseRegistered for the relay and the audit row. Same code: 409. Every intake is screened for possible
    /// duplicates in the ward (similar name, same phone): 409 unless confirmNotDuplicate. An optional Idempotency-Key
    /// makes a retry answer as the first attempt did (<see cref="RegistrationIdempotency"/>).
    /// </summary>
    internal static async Task<Results<Created<EnterpriseDetails>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterEnterpriseRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, SizeRuleSetStore ruleSets,
        NpgsqlDataSource dataSource, IOptions<JsonOptions> json, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (idempotencyKey, keyError) = RegistrationIdempotency.ReadKey(http.Request);
        if (keyError is not null)
        {
            return Invalid(new Dictionary<string, string[]> { [RegistrationIdempotency.Header] = [keyError] }, "The Idempotency-Key is unusable.");
        }

        // A retry of an answered registration gets the first answer before anything else is checked: by now the code
        // is taken (by the first attempt), which would otherwise be a 409.
        var callerId = Actor.From(user).Id;
        var requestHash = RegistrationIdempotency.Hash(request);
        if (idempotencyKey is not null && await RegistrationIdempotency.Keys.FindAsync(dataSource, callerId, idempotencyKey, cancellationToken) is { } answered)
        {
            return Replayed(RegistrationIdempotency.Replay(answered, requestHash, http));
        }

        var now = clock.GetUtcNow();
        var (registration, errors) = EnterpriseRegistration.Validate(request, WorkingDayCalendar.LocalDate(now));
        if (registration is null)
        {
            return Invalid(errors, "The enterprise cannot be registered as submitted.");
        }

        if (!user.WardScope().Allows(registration.Ward.Code))
        {
            return OutsideYourWard(user, registration.Ward.Code, "You register enterprises of your own ward only.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (idempotencyKey is not null
            && !await RegistrationIdempotency.Keys.TryReserveAsync(unit, callerId, idempotencyKey, RegistrationIdempotency.Operation, requestHash, cancellationToken))
        {
            // A concurrent request with the same key committed first (the insert waited for it): answer as it did.
            await unit.Transaction.RollbackAsync(cancellationToken);
            var first = await RegistrationIdempotency.Keys.FindAsync(dataSource, callerId, idempotencyKey, cancellationToken)
                ?? throw new InvalidOperationException("An idempotency key was taken and then vanished.");
            return Replayed(RegistrationIdempotency.Replay(first, requestHash, http));
        }

        var existingId = await unit.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM enterprises WHERE uscc = @uscc", new { uscc = registration.Uscc.Value }, unit.Transaction, cancellationToken: cancellationToken));
        if (existingId is { } taken)
        {
            return AlreadyRegistered(taken, registration.Uscc.Value);
        }

        // Every registration is screened, the short form too: a clerk must not be able to skip the check by leaving
        // optional fields out. A confirmed one goes through and the confirmation is audited.
        var duplicates = await RegisterStore.FindPossibleDuplicatesAsync(unit, registration.Ward.Code, EnterpriseNames.Key(registration.Name),
            registration.ProfileOrEmpty.ContactPhone, except: null, cancellationToken);
        if (request.ConfirmNotDuplicate != true && duplicates.Count > 0)
        {
            return PossibleDuplicate(duplicates);
        }

        var ruleSet = await ruleSets.CurrentAsync(unit, cancellationToken);
        var classification = Classify(ruleSet, registration);
        var enterprise = new EnterpriseDetails { Id = Guid.CreateVersion7(), RegisteredAt = now, UpdatedAt = now, RowVersion = 1 }
            .With(registration, classification);
        if (await RegisterStore.TryInsertAsync(unit, enterprise, cancellationToken) is { } raced)
        {
            return AlreadyRegistered(raced, enterprise.Uscc);
        }

        await unit.EnqueueAsync(new EnterpriseRegistered(enterprise.Id, enterprise.Uscc, enterprise.Name, enterprise.Ward,
            enterprise.IndustryCode, enterprise.Employees, enterprise.AnnualRevenue, enterprise.TotalAssets, now,
            SizeClass: enterprise.SizeClass, SizeRuleSetId: enterprise.SizeRuleSetId, SizeRuleSetVersion: enterprise.SizeRuleSetVersion,
            SizeReason: enterprise.SizeReason, Category: enterprise.Category, LegalForm: enterprise.LegalForm,
            OwnershipType: enterprise.OwnershipType), cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "enterprise.registered", "enterprise", enterprise.Id.ToString(),
            Before: null, After: enterprise), cancellationToken);
        if (duplicates.Count > 0)
        {
            // The clerk confirmed these are different enterprises: kept for the SME Office's merge review.
            await unit.AuditAsync(new AuditEntry(Actor.From(user), "enterprise.duplicate-confirmed", "enterprise", enterprise.Id.ToString(),
                Before: null, After: new { confirmedNotDuplicateOf = duplicates.Select(d => d.Id).ToList() }), cancellationToken);
        }

        if (idempotencyKey is not null)
        {
            await RegistrationIdempotency.Keys.CompleteAsync(unit, callerId, idempotencyKey, StatusCodes.Status201Created,
                JsonSerializer.Serialize(enterprise, json.Value.SerializerOptions), enterprise.Id, cancellationToken);
        }

        await unit.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = enterprise.ETag;
        return TypedResults.Created($"/api/onestop/enterprises/{enterprise.Id}", enterprise);
    }

    private static Results<Created<EnterpriseDetails>, ContentHttpResult, ValidationProblem, ProblemHttpResult> Replayed(
        Results<ContentHttpResult, ProblemHttpResult> replay) => replay.Result switch
        {
            ContentHttpResult content => content,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unknown replay result."),
        };

    /// <summary>An enterprise outside a clerk's ward answers exactly like one that does not exist: ids reveal nothing.</summary>
    internal static async Task<Results<Ok<EnterpriseDetails>, NotFound>> GetAsync(
        Guid id, ClaimsPrincipal user, RegisterStore store, HttpContext http, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } enterprise || !user.WardScope().Allows(enterprise.Ward))
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = enterprise.ETag;
        if (enterprise.MergedInto is { } survivor)
        {
            // A merged entry still answers 200 with its own record (status deactivated, reason merger, mergedInto);
            // the link names the entry to use instead, so a client holding the old id can follow it.
            http.Response.Headers.Link = $"</api/onestop/enterprises/{survivor}>; rel=\"successor-version\"";
        }

        return TypedResults.Ok(enterprise);
    }

    /// <summary>
    /// Search: q is a Unified Social Credit Code (exact) or a part of the Chinese or English name; ward, industry
    /// (section or division prefix), sizeClass (or "unclassified"), status; keyset pages in registration order.
    /// Counter staff search their own ward; asking for another ward gives an empty page, as if it had no enterprises.
    /// </summary>
    internal static async Task<Results<Ok<EnterprisePage>, ValidationProblem>> SearchAsync(
        ClaimsPrincipal user, RegisterStore store, string? q, string? ward, string? industry, string? sizeClass, string? status,
        string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        string? uscc = null, namePart = null;
        var query = q?.Trim();
        if (!string.IsNullOrEmpty(query))
        {
            if (query.Length > 100)
            {
                errors["q"] = ["A search text has at most 100 characters."];
            }
            else if (UnifiedSocialCreditCode.Parse(query).Code is { } code)
            {
                uscc = code.Value;
            }
            else
            {
                namePart = query;
            }
        }

        var wardCode = WardFilter.Parse(ward, errors);

        string? industryPrefix = null;
        if (!string.IsNullOrWhiteSpace(industry))
        {
            industryPrefix = industry.Trim().ToUpperInvariant();
            if (industryPrefix.Length > 5 || industryPrefix[0] is < 'A' or > 'T' || industryPrefix.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
            {
                errors["industry"] = ["An industry filter is a GB/T 4754-2017 section letter (A–T) and up to four digits, e.g. C or C35."];
            }
        }

        string? sizeFilter = null;
        var unclassified = false;
        if (!string.IsNullOrWhiteSpace(sizeClass))
        {
            sizeFilter = sizeClass.Trim().ToLowerInvariant();
            unclassified = sizeFilter == "unclassified";
            if (!unclassified && !Enum.TryParse<SizeClass>(sizeFilter, ignoreCase: true, out _))
            {
                errors["sizeClass"] = ["sizeClass is micro, small, medium, large or unclassified."];
            }
        }

        string? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            statusFilter = status.Trim().ToLowerInvariant();
            if (statusFilter is not (EnterpriseStatus.Active or EnterpriseStatus.Deactivated))
            {
                errors["status"] = ["status is active or deactivated."];
            }
        }

        Guid? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (TryParseCursor(cursor, out var last))
            {
                after = last;
            }
            else
            {
                errors["cursor"] = ["The cursor is not one this service issued; pass nextCursor back unchanged."];
            }
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"limit is between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors, "The search is invalid.");
        }

        if (!WardFilter.TryNarrow(user.WardScope(), wardCode, out wardCode))
        {
            return TypedResults.Ok(new EnterprisePage([], null));
        }

        var take = limit ?? DefaultPageSize;
        var rows = await store.SearchAsync(new EnterpriseSearch(uscc, namePart, wardCode, industryPrefix, unclassified ? null : sizeFilter,
            unclassified, statusFilter, after, take), cancellationToken);
        var items = rows.Take(take).ToList();
        return TypedResults.Ok(new EnterprisePage(items, rows.Count > take ? ToCursor(items[^1].Id) : null));
    }

    /// <summary>
    /// Replaces the enterprise's entry (the body is a full registration; the code cannot change) under optimistic
    /// concurrency: If-Match must carry the ETag last read (428 without, 412 when another change came first). The
    /// size class is recomputed by the current rule set; EnterpriseUpdated and, when the class changed,
    /// EnterpriseReclassified go out in the same transaction. A PUT that changes nothing changes nothing.
    /// </summary>
    internal static async Task<Results<Ok<EnterpriseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, RegisterEnterpriseRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, SizeRuleSetStore ruleSets,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (!TryReadIfMatch(http, required: true, out var expectedVersion, out var preconditionProblem))
        {
            return preconditionProblem!;
        }

        var now = clock.GetUtcNow();
        var (registration, errors) = EnterpriseRegistration.Validate(request, WorkingDayCalendar.LocalDate(now));
        if (registration is null)
        {
            return Invalid(errors, "The enterprise cannot be updated as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        var scope = user.WardScope();
        if (await RegisterStore.LockAsync(unit, id, cancellationToken) is not { } before || !scope.Allows(before.Ward))
        {
            return TypedResults.NotFound();
        }

        if (before.RowVersion != expectedVersion)
        {
            return VersionConflict(before);
        }

        if (registration.Uscc.Value != before.Uscc)
        {
            return Invalid(new Dictionary<string, string[]>
            {
                ["uscc"] = [$"The Unified Social Credit Code of an entry never changes (this one holds {before.Uscc}); register the new code, then deactivate this entry as merged."],
            }, "The enterprise cannot be updated as submitted.");
        }

        if (!scope.Allows(registration.Ward.Code))
        {
            return OutsideYourWard(user, registration.Ward.Code, "You cannot move an enterprise out of your ward; ask an administrator.");
        }

        if (before.Status != EnterpriseStatus.Active)
        {
            return Deactivated(before);
        }

        var ruleSet = await ruleSets.CurrentAsync(unit, cancellationToken);
        var candidate = before.With(registration, Classify(ruleSet, registration));
        var changes = EnterpriseChanges.Between(before, candidate);
        if (changes.Count == 0)
        {
            http.Response.Headers.ETag = before.ETag;
            return TypedResults.Ok(before);
        }

        var after = candidate with { RowVersion = before.RowVersion + 1, UpdatedAt = now };
        await RegisterStore.UpdateAsync(unit, after, cancellationToken);
        var supplied = EnterpriseChanges.SuppliedFields(changes);
        if (supplied.Count > 0)
        {
            await unit.EnqueueAsync(new EnterpriseUpdated(after.Id, after.Uscc, after.Name, after.Ward, after.IndustryCode, after.Employees,
                after.AnnualRevenue, after.TotalAssets, after.Category, supplied, after.RowVersion, now), cancellationToken);
        }

        if (before.SizeClass != after.SizeClass || before.SizeRuleSetId != after.SizeRuleSetId || before.SizeRuleSetVersion != after.SizeRuleSetVersion)
        {
            await unit.EnqueueAsync(new EnterpriseReclassified(after.Id, after.Ward, after.IndustryCode, before.SizeClass, after.SizeClass,
                before.SizeRuleSetId, before.SizeRuleSetVersion, after.SizeRuleSetId!, after.SizeRuleSetVersion!.Value, after.SizeReason!, now),
                cancellationToken);
        }

        await unit.AuditAsync(new AuditEntry(Actor.From(user), "enterprise.updated", "enterprise", id.ToString(), before, after), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = after.ETag;
        return TypedResults.Ok(after);
    }

    /// <summary>
    /// Takes an enterprise off the active register: closure, or merger into another active enterprise the caller
    /// may see. If-Match is checked when given. The entry and its history stay; EnterpriseDeactivated goes out.
    /// </summary>
    internal static async Task<Results<Ok<EnterpriseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> DeactivateAsync(
        Guid id, DeactivationRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!TryReadIfMatch(http, required: false, out var expectedVersion, out var preconditionProblem))
        {
            return preconditionProblem!;
        }

        var now = clock.GetUtcNow();
        var today = WorkingDayCalendar.LocalDate(now);
        var errors = new Dictionary<string, string[]>();
        var reason = request.Reason?.Trim().ToLowerInvariant();
        if (reason is not ("closure" or "merger"))
        {
            errors["reason"] = [string.IsNullOrWhiteSpace(request.Reason) ? "The reason is required: closure or merger." : "The reason is closure or merger."];
        }
        else if (reason == "merger" && request.MergedInto is null)
        {
            errors["mergedInto"] = ["A merger names the enterprise it merged into."];
        }
        else if (reason == "closure" && request.MergedInto is not null)
        {
            errors["mergedInto"] = ["A closure does not merge into another enterprise; use reason merger."];
        }

        if (request.MergedInto == id)
        {
            errors["mergedInto"] = ["An enterprise cannot merge into itself."];
        }

        var effectiveOn = request.EffectiveOn ?? today;
        if (effectiveOn > today)
        {
            errors["effectiveOn"] = [$"The day {effectiveOn:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in Shenyang); record it when it happened."];
        }

        var note = request.Note?.Trim();
        if (note?.Length > MaxNoteLength)
        {
            errors["note"] = [$"The note has at most {MaxNoteLength} characters."];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors, "The enterprise cannot be deactivated as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        var scope = user.WardScope();
        if (await RegisterStore.LockAsync(unit, id, cancellationToken) is not { } before || !scope.Allows(before.Ward))
        {
            return TypedResults.NotFound();
        }

        if (expectedVersion is { } expected && before.RowVersion != expected)
        {
            return VersionConflict(before);
        }

        if (before.Status != EnterpriseStatus.Active)
        {
            return Deactivated(before);
        }

        if (request.MergedInto is { } targetId)
        {
            var target = await unit.Connection.QuerySingleOrDefaultAsync<MergeTarget>(new CommandDefinition(
                "SELECT ward, status FROM enterprises WHERE id = @targetId", new { targetId }, unit.Transaction, cancellationToken: cancellationToken));
            if (target is null || !scope.Allows(target.Ward) || target.Status != EnterpriseStatus.Active)
            {
                return Invalid(new Dictionary<string, string[]>
                {
                    ["mergedInto"] = [$"No active enterprise {targetId} is registered{(scope.IsCityWide ? "" : " in your ward")}."],
                }, "The enterprise cannot be deactivated as submitted.");
            }
        }

        var after = before with
        {
            Status = EnterpriseStatus.Deactivated,
            DeactivationReason = reason,
            DeactivationNote = string.IsNullOrEmpty(note) ? null : note,
            MergedInto = request.MergedInto,
            DeactivatedOn = effectiveOn,
            RowVersion = before.RowVersion + 1,
            UpdatedAt = now,
        };
        await RegisterStore.UpdateAsync(unit, after, cancellationToken);
        await unit.EnqueueAsync(new EnterpriseDeactivated(id, after.Uscc, after.Ward, reason!, after.MergedInto, effectiveOn, after.DeactivationNote, now),
            cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "enterprise.deactivated", "enterprise", id.ToString(), before, after), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = after.ETag;
        return TypedResults.Ok(after);
    }

    /// <summary>Every change to the enterprise, oldest first, from the audit trail: who, when, and each field before and after.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, NotFound>> HistoryAsync(
        Guid id, ClaimsPrincipal user, RegisterStore store, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } enterprise || !user.WardScope().Allows(enterprise.Ward))
        {
            return TypedResults.NotFound();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRecord>(new CommandDefinition(
            """
            SELECT id, occurred_at, actor_id, actor_role, scope, action, entity_type, entity_id,
                   before::text AS before, after::text AS after, trace_id
            FROM audit_log
            WHERE entity_type = 'enterprise' AND entity_id = @entityId
            ORDER BY occurred_at, id
            LIMIT @limit
            """,
            new { entityId = id.ToString(), limit = MaxHistoryEntries }, cancellationToken: cancellationToken));
        IReadOnlyList<HistoryEntry> history = rows.Select(r => new HistoryEntry(r.OccurredAt, r.Action, r.ActorId, r.ActorRole, r.Scope,
            EnterpriseChanges.Between(Parse(r.Before), Parse(r.After)))).ToList();
        return TypedResults.Ok(history);
    }

    private sealed record MergeTarget(string Ward, string Status);

    private static SizeClassification Classify(SizeRuleSet ruleSet, ValidRegistration registration) =>
        SizeClassifier.Classify(ruleSet, registration.IndustryCode,
            new EnterpriseFigures(registration.Employees, registration.AnnualRevenue, registration.TotalAssets));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);

    /// <summary>
    /// Reads If-Match as the quoted row version ("3", W/"3" accepted). Missing: 428 when required. Anything that
    /// is not one of our ETags cannot match: 412.
    /// </summary>
    private static bool TryReadIfMatch(HttpContext http, bool required, out int? version, out ProblemHttpResult? problem)
    {
        version = null;
        problem = null;
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            if (required)
            {
                problem = TypedResults.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status428PreconditionRequired,
                    Type = ProblemDetailsDefaults.TypeBase + "precondition-required",
                    Title = "Send If-Match with the ETag of the entry you read.",
                    Detail = "Changes to an enterprise are made against the version last read (GET returns it in the ETag header), so that one clerk never silently overwrites another's change.",
                });
                return false;
            }

            return true;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        problem = TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status412PreconditionFailed,
            Type = ProblemDetailsDefaults.TypeBase + "version-conflict",
            Title = "If-Match does not name a version of this enterprise.",
            Detail = "Send the ETag from the last GET, e.g. If-Match: \"3\".",
        });
        return false;
    }

    private static ProblemHttpResult VersionConflict(EnterpriseDetails current) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status412PreconditionFailed,
        Type = ProblemDetailsDefaults.TypeBase + "version-conflict",
        Title = "The enterprise was changed since you read it.",
        Detail = $"It is now at version {current.RowVersion}; read it again, reapply your change and send the new ETag.",
        Extensions = { ["currentETag"] = current.ETag },
    });

    private static ProblemHttpResult Deactivated(EnterpriseDetails current) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Type = ProblemDetailsDefaults.TypeBase + "enterprise-deactivated",
        Title = "The enterprise is deactivated.",
        Detail = $"It was deactivated ({current.DeactivationReason}) on {current.DeactivatedOn:yyyy-MM-dd}; its entry no longer changes.",
    });

    private static ProblemHttpResult AlreadyRegistered(Guid existingId, string uscc) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Type = ProblemDetailsDefaults.TypeBase + "enterprise-already-registered",
        Title = "An enterprise with this Unified Social Credit Code is already registered.",
        Detail = $"Enterprise {existingId} holds code {uscc}.",
        Extensions = { ["existingEnterpriseId"] = existingId },
    });

    private static ProblemHttpResult PossibleDuplicate(IReadOnlyList<PossibleDuplicate> duplicates)
    {
        var first = duplicates[0];
        var why = first.SamePhone ? $"the same contact phone" : $"a similar name ({first.NameSimilarity:0.00} similar)";
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Type = ProblemDetailsDefaults.TypeBase + "possible-duplicate",
            Title = "This enterprise may already be registered in the ward.",
            Detail = $"Enterprise {first.Id} '{first.Name}' ({first.Uscc}) has {why}. If it is a different enterprise, " +
                     "register again with confirmNotDuplicate: true.",
            Extensions =
            {
                ["possibleDuplicateOf"] = first.Id,
                ["possibleDuplicates"] = duplicates.Select(d => new
                {
                    d.Id, d.Uscc, d.Name, d.Ward, nameSimilarity = Math.Round(d.NameSimilarity, 2), d.SamePhone,
                }).ToList(),
            },
        });
    }

    private static ProblemHttpResult OutsideYourWard(ClaimsPrincipal user, string ward, string title) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status403Forbidden,
        Type = ProblemDetailsDefaults.TypeBase + "outside-your-ward",
        Title = title,
        Detail = $"You serve ward '{user.Ward()}'; this enterprise would be in '{ward}'.",
    });

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors, string title) =>
        TypedResults.ValidationProblem(errors, title: title, type: ProblemDetailsDefaults.TypeBase + "validation");

    private static string ToCursor(Guid lastId) => CursorVersion + Base64Url.EncodeToString(lastId.ToByteArray(bigEndian: true));

    private static bool TryParseCursor(string cursor, out Guid lastId)
    {
        lastId = default;
        var bytes = new byte[16];
        if (!cursor.StartsWith(CursorVersion, StringComparison.Ordinal)
            || !Base64Url.TryDecodeFromChars(cursor.AsSpan(CursorVersion.Length), bytes, out var written) || written != 16)
        {
            return false;
        }

        lastId = new Guid(bytes, bigEndian: true);
        return true;
    }
}
