using System.Security.Claims;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.CreditGuarantee.Features.Applications;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults.Auth;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SmePlatform.CreditGuarantee.Features.BankApi;

/// <summary>
/// The bank's side of the guarantee lifecycle (docs/partner-bank-api.md): repayments, default, claim, recoveries, and
/// withdrawal before issuance. A guarantee's id is its application's id. Every write needs an Idempotency-Key: the same
/// key and body return the first answer (Idempotent-Replayed: true), the same key with another body or on another
/// operation is 409. A request that is invalid (400), not the bank's (404) or refused by the workflow (409) stores
/// nothing and leaves the key unused. Another bank's guarantee answers 404.
/// </summary>
public static class BankGuaranteeEndpoints
{
    public const string RepaymentOperation = "report-repayment";
    public const string DefaultOperation = "report-default";
    public const string ClaimOperation = "file-claim";
    public const string RecoveryOperation = "report-recovery";
    public const string WithdrawalOperation = "withdraw-application";
    public const int MaxReasonLength = 2000;
    public const int MaxDaysPastDue = 36_500;
    private const string OwnBank = "partner banks: own guarantees only (another bank's answers 404)";

    public sealed record RepaymentRequest(decimal? Amount, DateOnly? PaidOn, decimal? OutstandingAfter);

    public sealed record DefaultRequest(int? DaysPastDue, decimal? Outstanding);

    public sealed record ClaimRequest(decimal? Amount);

    public sealed record RecoveryRequest(decimal? Amount, DateOnly? ReceivedOn);

    public sealed record WithdrawalRequest(string? Reason);

    public static IEndpointRouteBuilder MapBankGuaranteeEndpoints(this IEndpointRouteBuilder routes)
    {
        var guarantees = routes.MapGroup(BankApplicationEndpoints.Prefix + "/guarantees").WithTags("Guarantees").WithGroupName(BankApiDocument.Name);
        guarantees.MapPost("/{id:guid}/repayments", RepayAsync).WithName("ReportRepayment")
            .WithSummary("Report a repayment of principal (Idempotency-Key required); the guarantee is repaid when nothing is outstanding.")
            .Accepts<RepaymentRequest>("application/json")
            .Produces<BankApplicationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAccess(OwnBank, Roles.Bank);
        guarantees.MapPost("/{id:guid}/default", DefaultAsync).WithName("ReportDefault")
            .WithSummary("Report the borrower's default (Idempotency-Key required): at least the configured days past due (preset 60).")
            .Accepts<DefaultRequest>("application/json")
            .Produces<BankApplicationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAccess(OwnBank, Roles.Bank);
        guarantees.MapPost("/{id:guid}/claims", ClaimAsync).WithName("FileClaim")
            .WithSummary("File the claim on a defaulted guarantee (Idempotency-Key required): at most the guaranteed amount and the outstanding at default.")
            .Accepts<ClaimRequest>("application/json")
            .Produces<BankApplicationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAccess(OwnBank, Roles.Bank);
        guarantees.MapPost("/{id:guid}/recoveries", RecoverAsync).WithName("ReportRecovery")
            .WithSummary("Report a recovery on a paid claim (Idempotency-Key required): recoveries in total at most the claim paid.")
            .Accepts<RecoveryRequest>("application/json")
            .Produces<BankApplicationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAccess(OwnBank, Roles.Bank);
        routes.MapGroup(BankApplicationEndpoints.Prefix + "/applications").WithTags("Applications").WithGroupName(BankApiDocument.Name)
            .MapPost("/{id:guid}/withdrawal", WithdrawAsync).WithName("WithdrawApplication")
            .WithSummary("Withdraw an application before its guarantee is issued (Idempotency-Key required).")
            .Accepts<WithdrawalRequest>("application/json")
            .Produces<BankApplicationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAccess(OwnBank, Roles.Bank);
        return routes;
    }

    internal static Task<IResult> RepayAsync(Guid id, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, UnitOfWorkFactory units,
        TimeProvider clock, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken) =>
        BankIdempotency.RunAsync<RepaymentRequest>(id, RepaymentOperation, "guarantee.repayment_reported", http, user, dataSource, units, clock, json,
            (request, today, errors) =>
            {
                RequireAmount(errors, "amount", request.Amount, "the principal repaid in CNY");
                RequireDate(errors, "paidOn", request.PaidOn, today, "the date the repayment was received");
                if (request.OutstandingAfter is not { } after || after < 0 || !Money.HasAtMostTwoDecimals(after))
                {
                    errors["outstandingAfter"] = ["Required: the principal outstanding after this repayment in CNY, zero or more, with at most two decimals."];
                }

                return errors.Count > 0 ? null : (row, _, bank) =>
                {
                    var amount = request.Amount!.Value;
                    var expected = row.Outstanding - amount;
                    if (row.StateValue == ApplicationState.Active && amount <= row.Outstanding && request.OutstandingAfter != expected)
                    {
                        return LifecycleStep.Refuse(Problems.Rule("workflow-rule", "The outstanding after the repayment does not match the fund's records.",
                            $"The fund has {Money.FormatFen(row.Outstanding)} outstanding; after repaying {Money.FormatFen(amount)} that leaves "
                            + $"{Money.FormatFen(expected)}, not {Money.FormatFen(request.OutstandingAfter!.Value)}. Nothing was recorded.",
                            "repayment.outstanding_mismatch"));
                    }

                    return new LifecycleStep([(new ReportRepayment(amount, request.PaidOn), bank)], Then: (r, _) =>
                        r.StateValue == ApplicationState.Repaid
                            ? new GuaranteeRepaid(r.Id, r.BankId, r.EnterpriseId, amount, request.PaidOn!.Value, clock.GetUtcNow())
                            : null);
                };
            },
            cancellationToken);

    internal static Task<IResult> DefaultAsync(Guid id, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, UnitOfWorkFactory units,
        TimeProvider clock, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken) =>
        BankIdempotency.RunAsync<DefaultRequest>(id, DefaultOperation, "guarantee.default_reported", http, user, dataSource, units, clock, json,
            (request, _, errors) =>
            {
                if (request.DaysPastDue is not (>= 0 and <= MaxDaysPastDue))
                {
                    errors["daysPastDue"] = [$"Required: the days the loan is past due, 0 to {MaxDaysPastDue}."];
                }

                RequireAmount(errors, "outstanding", request.Outstanding, "the principal outstanding at default in CNY");
                return errors.Count > 0 ? null : (_, config, bank) =>
                    new LifecycleStep([(new DeclareDefault(request.DaysPastDue!.Value, request.Outstanding), bank)], Then: (r, _) =>
                        new GuaranteeDefaulted(r.Id, r.BankId, r.EnterpriseId, request.DaysPastDue!.Value, config.Workflow.DefaultTriggerDaysPastDue,
                            r.Outstanding, r.GuaranteedAmount ?? 0m, clock.GetUtcNow()));
            },
            cancellationToken);

    internal static Task<IResult> ClaimAsync(Guid id, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, UnitOfWorkFactory units,
        TimeProvider clock, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken) =>
        BankIdempotency.RunAsync<ClaimRequest>(id, ClaimOperation, "guarantee.claim_filed", http, user, dataSource, units, clock, json,
            (request, _, errors) =>
            {
                RequireAmount(errors, "amount", request.Amount, "the amount claimed in CNY");
                return errors.Count > 0 ? null : (_, _, bank) =>
                    new LifecycleStep([(new FileClaim(request.Amount!.Value), bank)], Then: (r, _) =>
                        new GuaranteeClaimFiled(r.Id, r.BankId, r.EnterpriseId, r.ClaimFiled, r.GuaranteedAmount ?? 0m, r.Outstanding, clock.GetUtcNow()));
            },
            cancellationToken);

    internal static Task<IResult> RecoverAsync(Guid id, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, UnitOfWorkFactory units,
        TimeProvider clock, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken) =>
        BankIdempotency.RunAsync<RecoveryRequest>(id, RecoveryOperation, "guarantee.recovery_reported", http, user, dataSource, units, clock, json,
            (request, today, errors) =>
            {
                RequireAmount(errors, "amount", request.Amount, "the amount recovered in CNY");
                RequireDate(errors, "receivedOn", request.ReceivedOn, today, "the date the recovery was received");
                return errors.Count > 0 ? null : (_, _, bank) =>
                    new LifecycleStep([(new BookRecovery(request.Amount!.Value, request.ReceivedOn), bank)], Then: (r, _) =>
                        new GuaranteeRecoveryBooked(r.Id, r.BankId, r.EnterpriseId, request.Amount!.Value, request.ReceivedOn!.Value, r.Recovered, r.ClaimPaid,
                            clock.GetUtcNow()));
            },
            cancellationToken);

    internal static Task<IResult> WithdrawAsync(Guid id, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, UnitOfWorkFactory units,
        TimeProvider clock, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken) =>
        BankIdempotency.RunAsync<WithdrawalRequest>(id, WithdrawalOperation, "application.withdrawn", http, user, dataSource, units, clock, json,
            (request, _, errors) =>
            {
                if (request.Reason is { Length: > MaxReasonLength })
                {
                    errors["reason"] = [$"At most {MaxReasonLength} characters."];
                }

                return errors.Count > 0 ? null : (_, _, bank) => new LifecycleStep([(new Withdraw(request.Reason ?? ""), bank)]);
            },
            cancellationToken);

    private static void RequireAmount(Dictionary<string, string[]> errors, string field, decimal? amount, string what)
    {
        if (amount is not { } value || value <= 0 || !Money.HasAtMostTwoDecimals(value))
        {
            errors[field] = [$"Required: {what}, above zero, with at most two decimals."];
        }
    }

    private static void RequireDate(Dictionary<string, string[]> errors, string field, DateOnly? date, DateOnly today, string what)
    {
        if (date is not { } on || on > today)
        {
            errors[field] = [$"Required: {what} (yyyy-MM-dd), not after today ({today:yyyy-MM-dd})."];
        }
    }
}
