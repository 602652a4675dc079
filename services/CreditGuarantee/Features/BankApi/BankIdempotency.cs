using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.CreditGuarantee.Features.Applications;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SmePlatform.CreditGuarantee.Features.BankApi;

/// <summary>
/// The one Idempotency-Key mechanism of every partner-bank write (docs/partner-bank-api.md): the key is required (400
/// field error <c>Idempotency-Key</c>); the same key and body return the first answer byte for byte with
/// <c>Idempotent-Replayed: true</c>; the same key with another body, on another operation or another resource is 409
/// <c>idempotency-key-reused</c>. The key is reserved and completed inside the write's transaction (<see cref="Keys"/>),
/// so a request that is invalid, not the bank's or refused stores nothing and leaves the key unused. The store is the
/// shared <see cref="IdempotencyKeys"/>.
/// </summary>
public static class BankIdempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>Keys per bank.</summary>
    public static readonly IdempotencyKeys Keys = new("bank_id");

    /// <summary>The endpoint names that take an Idempotency-Key (the OpenAPI document marks the header required on them).</summary>
    public static readonly IReadOnlySet<string> Endpoints = new HashSet<string>(StringComparer.Ordinal)
    {
        "SubmitApplication", "AnswerInformationRequest", "ReportDisbursement",
        "ReportRepayment", "ReportDefault", "FileClaim", "ReportRecovery", "WithdrawApplication",
    };

    /// <summary>Validates the request into errors; when there are none, returns what to do with the loaded application.</summary>
    public delegate Func<ApplicationRow, GuaranteeConfiguration, WorkflowActor, LifecycleStep>? Plan<in TRequest>(
        TRequest request, DateOnly today, Dictionary<string, string[]> errors);

    /// <summary>The request's key, or the 400 that says why there is none usable.</summary>
    public static (string? Key, IResult? Error) ReadKey(HttpRequest request, string what)
    {
        var key = request.Headers[Header].ToString().Trim();
        if (key.Length == 0 || key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return (null, Validation(Header, key.Length == 0
                ? $"Required: a key you choose for this {what} (e.g. a UUID), the same on every retry of it."
                : $"1 to {MaxKeyLength} visible ASCII characters."));
        }

        return (key, null);
    }

    /// <summary>The body as JSON, or the 400 that says why not (the body is at most the service's request limit).</summary>
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadBodyAsync(HttpRequest request, string what,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Validation("body", $"Send the {what} as JSON (Content-Type: application/json)."));
        }

        try
        {
            return (await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken), null);
        }
        catch (JsonException exception)
        {
            return (null, Validation(FieldOf(exception.Path), "The request body is not well-formed JSON."));
        }
    }

    /// <summary>SHA-256 of the body without insignificant whitespace: a retry of the same request matches, another body does not.</summary>
    public static string Hash(JsonDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.WriteTo(writer);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>
    /// The answer to a key already used: the stored answer when operation, resource and body match, else 409. A creation
    /// (<paramref name="resourceId"/> null) does not know its resource beforehand and matches on operation and body.
    /// </summary>
    public static IResult Replay(StoredResponse stored, string operation, string hash, Guid? resourceId = null)
    {
        if (stored.Operation != operation || stored.RequestHash != hash || (resourceId is not null && stored.ResourceId != resourceId))
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Type = ProblemDetailsDefaults.TypeBase + "idempotency-key-reused",
                Title = "This Idempotency-Key was already used for a different request.",
                Detail = resourceId is null
                    ? "A key stands for one submission: retry with the same body, or use a new key for a new application."
                    : "A key stands for one request: retry with the same body on the same resource, or use a new key for a new request.",
            };
            if (resourceId is null)
            {
                problem.Extensions["existingApplicationId"] = stored.ResourceId;
            }

            return TypedResults.Problem(problem);
        }

        return new ReplayResult(stored);
    }

    /// <summary>
    /// A bank's write on its own application. Key → body → stored answer (replay or 409) → validation (400) → one
    /// transaction: key reserved, own application loaded (404), the workflow step, history, events, audit, the answer
    /// stored with the key.
    /// </summary>
    public static async Task<IResult> RunAsync<TRequest>(Guid id, string operation, string auditAction, HttpContext http, ClaimsPrincipal user,
        NpgsqlDataSource dataSource, UnitOfWorkFactory units, TimeProvider clock, IOptions<HttpJsonOptions> json, Plan<TRequest> plan,
        CancellationToken cancellationToken)
        where TRequest : class
    {
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return TypedResults.Problem(Problems.NoBankScope());
        }

        var (key, keyError) = ReadKey(http.Request, "request");
        if (key is null)
        {
            return keyError!;
        }

        var (document, bodyError) = await ReadBodyAsync(http.Request, "request", cancellationToken);
        if (document is null)
        {
            return bodyError!;
        }

        using (document)
        {
            var hash = Hash(document);
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                if (await Keys.FindAsync(connection, bankId, key, cancellationToken) is { } stored)
                {
                    return Replay(stored, operation, hash, id);
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
            if (!await Keys.TryReserveAsync(unit, bankId, key, operation, hash, cancellationToken))
            {
                // A concurrent request with the same key committed first: answer as it did.
                await unit.Transaction.RollbackAsync(cancellationToken);
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                return Replay((await Keys.FindAsync(connection, bankId, key, cancellationToken))!, operation, hash, id);
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

            var history = await ApplicationStore.HistoryAsync(unit, id, cancellationToken);
            var body = JsonSerializer.Serialize(ApplicationViews.ForBank(row, history), json.Value.SerializerOptions);
            await Keys.CompleteAsync(unit, bankId, key, StatusCodes.Status200OK, body, id, cancellationToken);
            await unit.CommitAsync(cancellationToken);
            return Results.Content(body, "application/json", Encoding.UTF8, StatusCodes.Status200OK);
        }
    }

    public static ValidationProblem Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: "The request cannot be accepted as sent.", type: ProblemDetailsDefaults.TypeBase + "validation");

    public static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The stored first answer, byte for byte; a 201's Location is given again.</summary>
    private sealed class ReplayResult(StoredResponse stored) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[ReplayedHeader] = "true";
            if (stored.ResponseStatus == StatusCodes.Status201Created && stored.ResourceId is { } id)
            {
                httpContext.Response.Headers.Location = $"{BankApplicationEndpoints.Prefix}/applications/{id}";
            }

            return Results.Content(stored.ResponseBody, "application/json", Encoding.UTF8, stored.ResponseStatus).ExecuteAsync(httpContext);
        }
    }
}
