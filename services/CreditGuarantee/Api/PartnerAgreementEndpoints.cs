using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
        routes.MapGet(PartnerBanksPath, PartnerBanksAsync).WithTags("Configuration").WithName("ListPartnerBanks")
            .WithDescription("The banks whose partner agreement is in force today, for staff who refer a loan to the fund: the bank's id "
                + "(as a referral's loanRequest.bankId takes it) and the last day of the agreement; never its cap or exposure.")
            .RequireAccess("every member of staff: which banks are partners today, without caps or exposure", [.. Roles.Staff]);
    }

    public const string PartnerBanksPath = "/api/guarantee/partner-banks";

    /// <param name="AgreementEndsOn">The last day of the agreement in force; none when it is open-ended.</param>
    public sealed record PartnerBankView(string BankId, DateOnly? AgreementEndsOn);

    /// <param name="EndsOn">Inclusive; none for an open-ended agreement.</param>
    public sealed record AgreementRequest(string? BankId, DateOnly? StartsOn, DateOnly? EndsOn, decimal? Cap);

    public sealed record AgreementView(Guid Id, string BankId, DateOnly StartsOn, DateOnly? EndsOn, decimal Cap, string Currency, bool InForce,
        DateTimeOffset UpdatedAt);

    /// <summary>What a write needs besides the request: the caller, the agreements, the unit of work and the clock.</summary>
    public sealed record Writer(ClaimsPrincipal User, PartnerAgreementStore Agreements, UnitOfWorkFactory Units, TimeProvider Clock);

    internal static async Task<IResult> ListAsync(PartnerAgreementStore agreements, TimeProvider clock, CancellationToken cancellationToken)
    {
        var rows = await agreements.AllAsync(cancellationToken);
        var today = ServiceClock.Today(clock.GetUtcNow());
        return TypedResults.Ok(rows.Select(r => View(r, today)).ToList());
    }

    /// <summary>A clerk who refers a loan must name a partner bank: which ones are, today, and nothing of their caps (need to know).</summary>
    internal static async Task<Ok<List<PartnerBankView>>> PartnerBanksAsync(PartnerAgreementStore agreements, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var today = ServiceClock.Today(clock.GetUtcNow());
        var rows = await agreements.AllAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => View(r, today)).Where(a => a.InForce).OrderBy(a => a.BankId, StringComparer.Ordinal)
            .Select(a => new PartnerBankView(a.BankId, a.EndsOn)).ToList());
    }

    internal static async Task<IResult> CreateAsync(AgreementRequest? request, [AsParameters] Writer writer, CancellationToken cancellationToken)
    {
        var (user, agreements, units, clock) = writer;
        var errors = Validate(request, request?.BankId);
        if (errors.Count > 0)
        {
            return Validation(errors);
        }

        var bankId = request!.BankId!.Trim();
        await using var unit = await units.BeginAsync(cancellationToken);
        await ApplicationStore.LockExposureAsync(unit, cancellationToken);
        var existing = await agreements.OfBankAsync(unit, bankId, cancellationToken);
        if (Overlap(existing, request.StartsOn!.Value, request.EndsOn, except: null) is { } other)
        {
            return Overlapping(other);
        }

        var row = new PartnerAgreementRow(Guid.CreateVersion7(), bankId, ConfigurationStore.Iso(request.StartsOn.Value),
            request.EndsOn is { } end ? ConfigurationStore.Iso(end) : null, request.Cap!.Value, Money.Currency, clock.GetUtcNow());
        await agreements.InsertAsync(unit, row, cancellationToken);
        var view = View(row, ServiceClock.Today(row.UpdatedAt));
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "partner_agreement.created", "partner_agreement", row.Id.ToString(), null, view),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"{Path}/{bankId}", view);
    }

    /// <summary>Amends the bank's most recent agreement (the latest start): its dates and cap. A new period is a POST.</summary>
    internal static async Task<IResult> AmendAsync(string bankId, AgreementRequest? request, [AsParameters] Writer writer, CancellationToken cancellationToken)
    {
        var (user, agreements, units, clock) = writer;
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
        var existing = await agreements.OfBankAsync(unit, bankId, cancellationToken);
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
        await agreements.UpdateAsync(unit, amended, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "partner_agreement.amended", "partner_agreement", latest.Id.ToString(), View(latest, today),
            View(amended, today)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(amended, today));
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

    private static PartnerAgreementRow? Overlap(IEnumerable<PartnerAgreementRow> agreements, DateOnly start, DateOnly? end, Guid? except) =>
        agreements.FirstOrDefault(a => a.Id != except && a.Start <= (end ?? DateOnly.MaxValue) && start <= (a.End ?? DateOnly.MaxValue));

    private static IResult Overlapping(PartnerAgreementRow other) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Type = ProblemDetailsDefaults.TypeBase + "agreement-overlap",
        Title = "The bank already has an agreement in this period: one agreement per bank at a time.",
        Detail = $"Agreement {other.Id} of {other.BankId} runs from {other.Start:yyyy-MM-dd} to {(other.End is { } e ? e.ToString("yyyy-MM-dd", null) : "open-ended")}. End it first (PUT), or start the new one after it.",
        Extensions = { ["errors"] = new Dictionary<string, string[]> { ["startsOn"] = [$"Overlaps agreement {other.Id}."] } },
    });

    private static AgreementView View(PartnerAgreementRow r, DateOnly today) =>
        new(r.Id, r.BankId, r.Start, r.End, r.Cap, r.Currency, r.Start <= today && (r.End is null || today <= r.End), r.UpdatedAt);

    private static IResult Validation(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The partner agreement cannot be stored as sent; nothing was changed.",
            type: ProblemDetailsDefaults.TypeBase + "validation");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex BankIdPattern();
}
