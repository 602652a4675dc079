using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.CreditGuarantee.Features.Applications;
using SmePlatform.CreditGuarantee.Register;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SmePlatform.CreditGuarantee.Features.BankApi;

/// <summary>
/// The partner-bank API, /api/bank/v1 (docs/partner-bank-api.md). A bank sees and acts on its own applications only:
/// another bank's application answers 404 and never appears in a list. Every write is audited with the bank as actor.
/// </summary>
public static class BankApplicationEndpoints
{
    public const string Prefix = "/api/bank/v1";
    public const string IdempotencyHeader = BankIdempotency.Header;
    public const string ReplayedHeader = BankIdempotency.ReplayedHeader;
    public const string SubmitOperation = "submit-application";
    public const string AnswerOperation = "answer-information-request";
    public const string DisbursementOperation = "report-disbursement";
    public const int MaxIdempotencyKeyLength = BankIdempotency.MaxKeyLength;
    public const int DefaultPageSize = ApplicationListQuery.DefaultPageSize;
    public const int MaxPageSize = ApplicationListQuery.MaxPageSize;
    public const int MaxAnswerLength = 4000;
    private const string OwnBank = "partner banks: own applications only (another bank's answers 404)";

    public static IEndpointRouteBuilder MapBankApplicationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix + "/applications").WithTags("Applications").WithGroupName(BankApiDocument.Name);
        group.MapPost("/", SubmitAsync).WithName("SubmitApplication")
            .WithSummary("Submit a guarantee application (Idempotency-Key required); screened at once.")
            .Accepts<SubmitApplicationRequest>("application/json")
            .Produces<BankApplicationView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAccess(OwnBank, Roles.Bank);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetApplication")
            .WithSummary("One of your applications, with its screening, decision and reasons.")
            // The handler returns IResult: without these the document would give a bank no schema for the answer.
            .Produces<BankApplicationView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAccess(OwnBank, Roles.Bank);
        group.MapGet("/", ListAsync).WithName("ListApplications")
            .WithSummary("Your applications, oldest change first; follow nextCursor. Filter by status and updatedSince.")
            .RequireAccess(OwnBank, Roles.Bank);
        group.MapPost("/{id:guid}/information", AnswerAsync).WithName("AnswerInformationRequest")
            .WithSummary("Answer the fund's request for more information (Idempotency-Key required); the application returns to examination.")
            .Accepts<AnswerRequest>("application/json")
            .Produces<BankApplicationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAccess(OwnBank, Roles.Bank);
        group.MapPost("/{id:guid}/disbursement", DisburseAsync).WithName("ReportDisbursement")
            .WithSummary("Report the loan's disbursement (Idempotency-Key required); the guarantee is issued once every condition is met.")
            .Accepts<DisbursementRequest>("application/json")
            .Produces<BankApplicationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAccess(OwnBank, Roles.Bank);
        return routes;
    }

    public sealed record AnswerRequest(string? Answer);

    public sealed record DisbursementRequest(decimal? Amount, DateOnly? DisbursedOn);

    /// <summary>
    /// Validate → idempotency → register (gRPC, as this service) → one transaction: key, application, screening, events,
    /// audit. A refused or failed attempt stores nothing and leaves the idempotency key unused.
    /// </summary>
    internal static async Task<IResult> SubmitAsync(HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, UnitOfWorkFactory units,
        IEnterpriseRegister register, TimeProvider clock, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken)
    {
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return TypedResults.Problem(Problems.NoBankScope());
        }

        var (idempotencyKey, keyError) = BankIdempotency.ReadKey(http.Request, "submission");
        if (idempotencyKey is null)
        {
            return keyError!;
        }

        var (document, bodyError) = await BankIdempotency.ReadBodyAsync(http.Request, "application", cancellationToken);
        if (document is null)
        {
            return bodyError!;
        }

        using (document)
        {
            var hash = BankIdempotency.Hash(document);
            // The body is read before the database so that one round trip can also look up its application key; a stored
            // answer to the Idempotency-Key still wins over anything wrong with the body.
            SubmitApplicationRequest? request = null;
            IResult? shapeError = null;
            try
            {
                request = document.Deserialize<SubmitApplicationRequest>(json.Value.SerializerOptions);
            }
            catch (JsonException exception)
            {
                shapeError = BankIdempotency.Validation(BankIdempotency.FieldOf(exception.Path), "The value has the wrong type.");
            }

            var now = clock.GetUtcNow();
            GuaranteeConfiguration config;
            Guid? existing;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                var precheck = await SubmissionPrecheck.ReadAsync(connection, bankId, idempotencyKey, request?.ApplicationKey?.Trim(),
                    ServiceClock.Today(now), cancellationToken);
                if (precheck.Stored is { } stored)
                {
                    return BankIdempotency.Replay(stored, SubmitOperation, hash);
                }

                if (shapeError is not null)
                {
                    return shapeError;
                }

                if (request is null)
                {
                    return BankIdempotency.Validation("body", "Send the application as a JSON object.");
                }

                config = await ConfigurationStore.ResolveAsync(connection, null, precheck.InForce, cancellationToken);
                existing = precheck.ExistingApplicationId;
            }

            var (submission, errors) = SubmissionValidator.Validate(config, request);
            if (submission is null)
            {
                return TypedResults.ValidationProblem(errors, title: "The application cannot be accepted as submitted.",
                    type: ProblemDetailsDefaults.TypeBase + "validation");
            }

            if (existing is { } existingId)
            {
                // Read in the snapshot that found no answer to this Idempotency-Key: another request's application.
                return DuplicateKey(submission.ApplicationKey, existingId);
            }

            RegisteredEnterprise enterprise;
            switch (await register.FindByUsccAsync(submission.Uscc, cancellationToken))
            {
                case RegisterAnswer.Found found:
                    enterprise = found.Enterprise;
                    break;
                case RegisterAnswer.NotFound:
                    return TypedResults.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status422UnprocessableEntity,
                        Type = ProblemDetailsDefaults.TypeBase + "enterprise-not-registered",
                        Title = "The enterprise is not in the city's register.",
                        Detail = $"No enterprise is registered with code {submission.Uscc}. It registers at a ward one-stop counter first.",
                        Extensions = { ["errors"] = new Dictionary<string, string[]> { ["uscc"] = [$"No enterprise is registered with code {submission.Uscc}."] } },
                    });
                case RegisterAnswer.Invalid invalid:
                    return BankIdempotency.Validation("uscc", invalid.Message);
                case RegisterAnswer.Unavailable unavailable:
                    http.Response.Headers.RetryAfter = "5";
                    return TypedResults.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Type = ProblemDetailsDefaults.TypeBase + "upstream-unavailable",
                        Title = "The enterprise register cannot be reached; nothing was stored.",
                        Detail = unavailable.Detail + " Retry with the same Idempotency-Key: it was not used.",
                    });
                default:
                    throw new InvalidOperationException("Unknown register answer.");
            }

            var row = ApplicationIntake.NewRow(bankId, submission, enterprise, config, now);
            await using var unit = await units.BeginAsync(cancellationToken);
            // The key's reservation goes out ahead of the application; its outcome is looked at first, so a concurrent
            // request with the same key still waits for that one and answers as it did.
            var reservation = BankIdempotency.Keys.DeferReserve(unit, bankId, idempotencyKey, SubmitOperation, hash);
            // The intake's first round trip (the screening's reads) carries the reservation: its outcome is known on return.
            var history = await ApplicationIntake.TrySubmitAsync(unit, row, enterprise, config, Actor.From(user), now, cancellationToken);
            if (reservation.RecordsAffected != 1)
            {
                // A concurrent request with the same key committed first: answer as it did.
                await unit.Transaction.RollbackAsync(cancellationToken);
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                return BankIdempotency.Replay((await BankIdempotency.Keys.FindAsync(connection, bankId, idempotencyKey, cancellationToken))!, SubmitOperation, hash);
            }

            if (history is null)
            {
                await unit.Transaction.RollbackAsync(cancellationToken);
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                return DuplicateKey(submission.ApplicationKey,
                    await ApplicationStore.FindIdByKeyAsync(connection, bankId, submission.ApplicationKey, cancellationToken) ?? Guid.Empty);
            }

            // The answer is built from what this unit wrote (the whole history of a new application), so the history, events,
            // audit and the stored answer all go out in the commit's one batch.
            var body = JsonSerializer.Serialize(ApplicationViews.ForBank(row, history), json.Value.SerializerOptions);
            await BankIdempotency.Keys.CompleteAsync(unit, bankId, idempotencyKey, StatusCodes.Status201Created, body, row.Id, cancellationToken);
            await unit.CommitAsync(cancellationToken);
            http.Response.Headers.Location = $"{Prefix}/applications/{row.Id}";
            return Results.Content(body, "application/json", Encoding.UTF8, StatusCodes.Status201Created);
        }
    }

    internal static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return Problems.NotFound();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await ApplicationStore.FindAsync(connection, null, id, bankId, cancellationToken) is not { } row)
        {
            return Problems.NotFound();
        }

        return TypedResults.Ok(ApplicationViews.ForBank(row, await ApplicationStore.HistoryAsync(connection, null, id, cancellationToken)));
    }

    internal static async Task<Results<Ok<Page<BankApplicationSummary>>, ValidationProblem>> ListAsync(ClaimsPrincipal user,
        NpgsqlDataSource dataSource, string? status, DateTimeOffset? updatedSince, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var after = ApplicationListQuery.Validate(status, cursor, limit, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemDetailsDefaults.TypeBase + "validation");
        }

        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return TypedResults.Ok(new Page<BankApplicationSummary>([], null));
        }

        var take = limit ?? DefaultPageSize;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await ApplicationStore.ListForBankAsync(connection, bankId, status, updatedSince, after, take + 1, cancellationToken);
        var page = rows.Take(take).ToList();
        return TypedResults.Ok(new Page<BankApplicationSummary>([.. page.Select(ApplicationViews.Summary)],
            rows.Count > take ? Cursor.Format(page[^1].UpdatedAt, page[^1].Id) : null));
    }

    internal static Task<IResult> AnswerAsync(Guid id, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, UnitOfWorkFactory units,
        TimeProvider clock, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken) =>
        BankIdempotency.RunAsync<AnswerRequest>(id, AnswerOperation, "application.information_answered", http, user, dataSource, units, clock, json,
            (request, _, errors) =>
            {
                var answer = request.Answer?.Trim();
                if (string.IsNullOrEmpty(answer) || answer.Length > MaxAnswerLength)
                {
                    errors["answer"] = [$"Required: your answer to the fund's question, at most {MaxAnswerLength} characters."];
                    return null;
                }

                return (_, _, bank) => new LifecycleStep([(new AnswerInformation(answer), bank)], Then: (row, _) =>
                {
                    row.InformationRequest = null;
                    return null;
                });
            },
            cancellationToken);

    internal static Task<IResult> DisburseAsync(Guid id, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, UnitOfWorkFactory units,
        TimeProvider clock, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken) =>
        BankIdempotency.RunAsync<DisbursementRequest>(id, DisbursementOperation, "application.disbursement_reported", http, user, dataSource, units,
            clock, json,
            (request, today, errors) =>
            {
                if (request.Amount is not { } amount || amount <= 0 || !Money.HasAtMostTwoDecimals(amount))
                {
                    errors["amount"] = ["Required: the amount disbursed in CNY, above zero, with at most two decimals."];
                }

                if (request.DisbursedOn is not { } on || on > today)
                {
                    errors["disbursedOn"] = [$"Required: the date of disbursement (yyyy-MM-dd), not after today ({today:yyyy-MM-dd})."];
                }

                if (errors.Count > 0)
                {
                    return null;
                }

                var disbursement = new ReportDisbursement(request.Amount!.Value, request.DisbursedOn!.Value);
                return (row, _, bank) =>
                {
                    var actions = new List<(WorkflowAction, WorkflowActor)> { (disbursement, bank) };
                    // The issuance gate: issued only with the disbursement reported and every condition met.
                    if (row.ConditionList.All(c => c.Met))
                    {
                        actions.Add((new Issue(), ApplicationWorkflow.System));
                    }

                    return new LifecycleStep(actions, Then: (r, _) =>
                        r.StateValue == ApplicationState.Issued && r.DisbursementRecord is { } disbursed
                            ? new GuaranteeIssued(r.Id, r.BankId, r.EnterpriseId, r.GuaranteedAmount ?? 0, disbursed.Amount, disbursed.On, clock.GetUtcNow())
                            : null);
                };
            },
            cancellationToken);

    private static IResult DuplicateKey(string applicationKey, Guid existing) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Type = ProblemDetailsDefaults.TypeBase + "application-key-in-use",
        Title = "You already submitted an application with this application key.",
        Detail = $"Application {existing} has key '{applicationKey}'. Resubmitting never creates a second application; read that one instead.",
        Extensions = { ["existingApplicationId"] = existing },
    });
}
