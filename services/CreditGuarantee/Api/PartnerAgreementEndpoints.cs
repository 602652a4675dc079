using System.Security.Claims;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// Partner agreements: the cap on a bank's outstanding guarantees between two dates. Amended in place and audited
/// (who, before, after) rather than versioned: screening and each decision already write out the agreement and cap they
/// checked, so a decision stays explained after an amendment. One agreement per bank at a time: overlaps are refused.
/// Writes take the exposure lock that approvals take, so a cap changes between approvals, never during one.
/// </summary>
public static partial class PartnerAgreementEndpoints
{
    public const string Path = "/api/guarantee/partner-agreements";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Configuration");
        group.MapGet("/", ListAsync).WithName("ListPartnerAgreements")
            .RequireAccess("every bank's agreement: fund staff, the SME Office and administrators read", Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        group.MapPost("/", CreateAsync).WithName("CreatePartnerAgreement")
            .RequireAccess("the SME Office and the fund administrator enter agreements", Roles.SmeOffice, Roles.Admin);
        group.MapPut("/{bankId}", AmendAsync).WithName("AmendPartnerAgreement")
            .RequireAccess("the SME Office and the fund administrator amend a bank's latest agreement", Roles.SmeOffice, Roles.Admin);
    }

    /// <param name="EndsOn">Inclusive; none for an open-ended agreement.</param>
    public sealed record AgreementRequest(string? BankId, DateOnly? StartsOn, DateOnly? EndsOn, decimal? Cap);

    public sealed record AgreementView(Guid Id, string BankId, DateOnly StartsOn, DateOnly? EndsOn, decimal Cap, string Currency, bool InForce,
        DateTimeOffset UpdatedAt);

    private sealed record AgreementRow(Guid Id, string BankId, string StartsOn, string? EndsOn, decimal Cap, string Currency, DateTimeOffset UpdatedAt)
    {
        public DateOnly Start => ConfigurationStore.ParseDate(StartsOn);

        public DateOnly? End => EndsOn is null ? null : ConfigurationStore.ParseDate(EndsOn);

        public AgreementView View(DateOnly today) => new(Id, BankId, Start, End, Cap, Currency, Start <= today && (End is null || today <= End), UpdatedAt);
    }

    internal static async Task<IResult> ListAsync(NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await AgreementsAsync(connection, null, null, cancellationToken);
        var today = ServiceClock.Today(clock.GetUtcNow());
        return TypedResults.Ok(rows.Select(r => r.View(today)).ToList());
    }

    internal static async Task<IResult> CreateAsync(AgreementRequest? request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request, request?.BankId);
        if (errors.Count > 0)
        {
            return Validation(errors);
        }

        var bankId = request!.BankId!.Trim();
        await using var unit = await units.BeginAsync(cancellationToken);
        await ApplicationStore.LockExposureAsync(unit, cancellationToken);
        var existing = await AgreementsAsync(unit.Connection, unit.Transaction, bankId, cancellationToken);
        if (Overlap(existing, request.StartsOn!.Value, request.EndsOn, except: null) is { } other)
        {
            return Overlapping(other);
        }

        var row = new AgreementRow(Guid.CreateVersion7(), bankId, ConfigurationStore.Iso(request.StartsOn.Value),
            request.EndsOn is { } end ? ConfigurationStore.Iso(end) : null, request.Cap!.Value, Money.Currency, clock.GetUtcNow());
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO partner_agreements (id, bank_id, starts_on, ends_on, cap, currency, updated_at)
            VALUES (@Id, @BankId, CAST(@StartsOn AS date), CAST(@EndsOn AS date), @Cap, @Currency, @UpdatedAt)
            """,
            row, unit.Transaction, cancellationToken: cancellationToken));
        var view = row.View(ServiceClock.Today(row.UpdatedAt));
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "partner_agreement.created", "partner_agreement", row.Id.ToString(), null, view),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"{Path}/{bankId}", view);
    }

    /// <summary>Amends the bank's most recent agreement (the latest start): its dates and cap. A new period is a POST.</summary>
    internal static async Task<IResult> AmendAsync(string bankId, AgreementRequest? request, ClaimsPrincipal user, UnitOfWorkFactory units,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request?.BankId is { } named && named.Trim() != bankId)
        {
            return Validation(new() { ["bankId"] = ["Leave it out or repeat the bank of the URL: an agreement does not move to another bank."] });
        }

        var errors = Validate(request, bankId);
        if (errors.Count > 0)
        {
            return Validation(errors);
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        await ApplicationStore.LockExposureAsync(unit, cancellationToken);
        var existing = await AgreementsAsync(unit.Connection, unit.Transaction, bankId, cancellationToken);
        if (existing.Count == 0)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Type = ProblemDetailsDefaults.TypeBase + "not-found",
                Title = $"Bank {bankId} has no partner agreement to amend.",
                Detail = $"Enter one with POST {Path}.",
            });
        }

        var latest = existing.MaxBy(a => a.Start)!;
        if (Overlap(existing, request!.StartsOn!.Value, request.EndsOn, except: latest.Id) is { } other)
        {
            return Overlapping(other);
        }

        var now = clock.GetUtcNow();
        var today = ServiceClock.Today(now);
        var amended = latest with
        {
            StartsOn = ConfigurationStore.Iso(request.StartsOn.Value),
            EndsOn = request.EndsOn is { } end ? ConfigurationStore.Iso(end) : null,
            Cap = request.Cap!.Value,
            UpdatedAt = now,
        };
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE partner_agreements SET starts_on = CAST(@StartsOn AS date), ends_on = CAST(@EndsOn AS date), cap = @Cap, updated_at = @UpdatedAt WHERE id = @Id",
            amended, unit.Transaction, cancellationToken: cancellationToken));
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "partner_agreement.amended", "partner_agreement", latest.Id.ToString(), latest.View(today),
            amended.View(today)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Ok(amended.View(today));
    }

    private static Dictionary<string, string[]> Validate(AgreementRequest? request, string? bankId)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["Send { bankId, startsOn, endsOn, cap }."];
            return errors;
        }

        if (string.IsNullOrWhiteSpace(bankId) || !BankIdPattern().IsMatch(bankId.Trim()))
        {
            errors["bankId"] = ["Required: the bank's id as in its client credentials (lower-case letters, digits and -, at most 64)."];
        }

        if (request.StartsOn is null)
        {
            errors["startsOn"] = ["Required: the first day of the agreement (yyyy-MM-dd)."];
        }

        if (request.EndsOn is { } end && request.StartsOn is { } start && end < start)
        {
            errors["endsOn"] = ["The agreement cannot end before it starts (both days inclusive; leave it out for an open-ended agreement)."];
        }

        if (request.Cap is not { } cap || cap <= 0 || cap > Money.MaxAmount || !Money.HasAtMostTwoDecimals(cap))
        {
            errors["cap"] = ["Required: the cap on the bank's outstanding guarantees in CNY, above zero, with at most two decimals."];
        }

        return errors;
    }

    private static AgreementRow? Overlap(IEnumerable<AgreementRow> agreements, DateOnly start, DateOnly? end, Guid? except) =>
        agreements.FirstOrDefault(a => a.Id != except && a.Start <= (end ?? DateOnly.MaxValue) && start <= (a.End ?? DateOnly.MaxValue));

    private static IResult Overlapping(AgreementRow other) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Type = ProblemDetailsDefaults.TypeBase + "agreement-overlap",
        Title = "The bank already has an agreement in this period: one agreement per bank at a time.",
        Detail = $"Agreement {other.Id} of {other.BankId} runs from {other.Start:yyyy-MM-dd} to {(other.End is { } e ? e.ToString("yyyy-MM-dd", null) : "open-ended")}. End it first (PUT), or start the new one after it.",
        Extensions = { ["errors"] = new Dictionary<string, string[]> { ["startsOn"] = [$"Overlaps agreement {other.Id}."] } },
    });

    private static async Task<IReadOnlyList<AgreementRow>> AgreementsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string? bankId,
        CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<AgreementRow>(new CommandDefinition(
                """
                SELECT id, bank_id, starts_on::text AS starts_on, ends_on::text AS ends_on, cap, currency, updated_at
                FROM partner_agreements WHERE (@bankId::text IS NULL OR bank_id = @bankId) ORDER BY bank_id, starts_on
                """,
                new { bankId }, transaction, cancellationToken: cancellationToken)),
        ];

    private static IResult Validation(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The partner agreement cannot be stored as sent; nothing was changed.",
            type: ProblemDetailsDefaults.TypeBase + "validation");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex BankIdPattern();
}
