using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.CreditGuarantee.Features.Applications;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
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

    /// <summary>The endpoint names that take an Idempotency-Key (the OpenAPI document marks the header required on them).</summary>
    public static readonly IReadOnlySet<string> IdempotentEndpoints = new HashSet<string>(StringComparer.Ordinal)
    {
        "ReportRepayment", "ReportDefault", "FileClaim", "ReportRecovery", "WithdrawApplication",
    };

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
        RunAsync<RepaymentRequest>(id, RepaymentOperation, "guarantee.repayment_reported", http, user, dataSource, units, clock, json,
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
        RunAsync<DefaultRequest>(id, DefaultOperation, "guarantee.default_reported", http, user, dataSource, units, clock, json,
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
        RunAsync<ClaimRequest>(id, ClaimOperation, "guarantee.claim_filed", http, user, dataSource, units, clock, json,
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
        RunAsync<RecoveryRequest>(id, RecoveryOperation, "guarantee.recovery_reported", http, user, dataSource, units, clock, json,
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
        RunAsync<WithdrawalRequest>(id, WithdrawalOperation, "application.withdrawn", http, user, dataSource, units, clock, json,
            (request, _, errors) =>
            {
                if (request.Reason is { Length: > MaxReasonLength })
                {
                    errors["reason"] = [$"At most {MaxReasonLength} characters."];
                }

                return errors.Count > 0 ? null : (_, _, bank) => new LifecycleStep([(new Withdraw(request.Reason ?? ""), bank)]);
            },
            cancellationToken);

    /// <summary>Validates the request into errors; when there are none, returns what to do with the loaded application.</summary>
    private delegate Func<ApplicationRow, GuaranteeConfiguration, WorkflowActor, LifecycleStep>? Plan<in TRequest>(
        TRequest request, DateOnly today, Dictionary<string, string[]> errors);

    /// <summary>
    /// Key → body → stored answer (replay or 409) → validation (400) → one transaction: key reserved, own application
    /// loaded (404), the workflow step, history, events, audit, the answer stored with the key.
    /// </summary>
    private static async Task<IResult> RunAsync<TRequest>(Guid id, string operation, string auditAction, HttpContext http, ClaimsPrincipal user,
        NpgsqlDataSource dataSource, UnitOfWorkFactory units, TimeProvider clock, IOptions<HttpJsonOptions> json, Plan<TRequest> plan,
        CancellationToken cancellationToken)
        where TRequest : class
    {
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return TypedResults.Problem(Problems.NoBankScope());
        }

        var key = http.Request.Headers[BankApplicationEndpoints.IdempotencyHeader].ToString().Trim();
        if (key.Length == 0 || key.Length > BankApplicationEndpoints.MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return Validation(BankApplicationEndpoints.IdempotencyHeader, key.Length == 0
                ? "Required: a key you choose for this request (e.g. a UUID), the same on every retry of it."
                : $"1 to {BankApplicationEndpoints.MaxIdempotencyKeyLength} visible ASCII characters.");
        }

        if (!http.Request.HasJsonContentType())
        {
            return Validation("body", "Send the request as JSON (Content-Type: application/json).");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            return Validation(FieldOf(exception.Path), "The request body is not well-formed JSON.");
        }

        using (document)
        {
            var hash = Hash(document);
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                if (await IdempotencyStore.FindAsync(connection, bankId, key, cancellationToken) is { } stored)
                {
                    return Replay(stored, operation, id, hash);
                }
            }

            TRequest? request;
            try
            {
                request = document.RootElement.ValueKind == JsonValueKind.Object ? document.Deserialize<TRequest>(json.Value.SerializerOptions) : null;
            }
            catch (JsonException exception)
            {
                return Validation(FieldOf(exception.Path), "The value has the wrong type.");
            }

            if (request is null)
            {
                return Validation("body", "Send the request as a JSON object.");
            }

            var now = clock.GetUtcNow();
            var errors = new Dictionary<string, string[]>();
            if (plan(request, ServiceClock.Today(now), errors) is not { } act)
            {
                return TypedResults.ValidationProblem(errors, title: "The request cannot be accepted as sent.",
                    type: ProblemDetailsDefaults.TypeBase + "validation");
            }

            await using var unit = await units.BeginAsync(cancellationToken);
            if (!await IdempotencyStore.TryReserveAsync(unit, bankId, key, operation, hash, cancellationToken))
            {
                // A concurrent request with the same key committed first: answer as it did.
                await unit.Transaction.RollbackAsync(cancellationToken);
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                return Replay((await IdempotencyStore.FindAsync(connection, bankId, key, cancellationToken))!, operation, id, hash);
            }

            if (await ApplicationStore.FindAsync(unit.Connection, unit.Transaction, id, bankId, cancellationToken) is not { } row)
            {
                await unit.Transaction.RollbackAsync(cancellationToken);
                return Problems.NotFound();
            }

            var config = await ConfigurationStore.CurrentAsync(unit.Connection, unit.Transaction, ServiceClock.Today(now), cancellationToken);
            var step = act(row, config, new WorkflowActor(bankId, ActorRole.Bank));
            if (await GuaranteeLifecycle.RunAsync(unit, row, config, step, user, auditAction, now, cancellationToken) is { } refusal)
            {
                await unit.Transaction.RollbackAsync(cancellationToken);
                return TypedResults.Problem(refusal);
            }

            var history = await ApplicationStore.HistoryAsync(unit.Connection, unit.Transaction, id, cancellationToken);
            var body = JsonSerializer.Serialize(ApplicationViews.ForBank(row, history), json.Value.SerializerOptions);
            await IdempotencyStore.CompleteAsync(unit, bankId, key, StatusCodes.Status200OK, body, id, cancellationToken);
            await unit.CommitAsync(cancellationToken);
            return Results.Content(body, "application/json", Encoding.UTF8, StatusCodes.Status200OK);
        }
    }

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

    private static IResult Replay(StoredResponse stored, string operation, Guid id, string hash)
    {
        if (stored.Operation != operation || stored.ResourceId != id || stored.RequestHash != hash)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Type = ProblemDetailsDefaults.TypeBase + "idempotency-key-reused",
                Title = "This Idempotency-Key was already used for a different request.",
                Detail = "A key stands for one request: retry with the same body on the same resource, or use a new key for a new request.",
            });
        }

        return new ReplayResult(stored);
    }

    private sealed class ReplayResult(StoredResponse stored) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[BankApplicationEndpoints.ReplayedHeader] = "true";
            return Results.Content(stored.ResponseBody, "application/json", Encoding.UTF8, stored.ResponseStatus).ExecuteAsync(httpContext);
        }
    }

    private static IResult Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: "The request cannot be accepted as sent.", type: ProblemDetailsDefaults.TypeBase + "validation");

    /// <summary>SHA-256 of the body without insignificant whitespace: a retry of the same request matches, another body does not.</summary>
    private static string Hash(JsonDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.WriteTo(writer);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
