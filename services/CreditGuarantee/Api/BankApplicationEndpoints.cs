using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The partner-bank API, /api/bank/v1 (docs/partner-bank-api.md). A bank sees and acts on its own applications only:
/// another bank's application answers 404 and never appears in a list. Every write takes an Idempotency-Key
/// (<see cref="Idempotency.RequireIdempotencyKey"/>) and is audited with the bank as actor.
/// </summary>
public static class BankApplicationEndpoints
{
    public const string Prefix = "/api/bank/v1";
    private const string OwnBank = "partner banks: own applications only (another bank's answers 404)";

    public static IEndpointRouteBuilder MapBankApplicationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix + "/applications").WithTags("Applications").WithGroupName(BankApiDocument.Name);
        group.MapPost("/", SubmitAsync).WithName("SubmitApplication")
            .WithSummary("Submit a guarantee application (Idempotency-Key required); screened at once.")
            .RequireIdempotencyKey("submission")
            .Produces<BankApplicationView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAccess(OwnBank, Roles.Bank);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetApplication")
            .WithSummary("One of your applications, with its screening, decision and reasons.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAccess(OwnBank, Roles.Bank);
        group.MapGet("/", ListAsync).WithName("ListApplications")
            .WithSummary("Your applications, oldest change first; follow nextCursor. Filter by status and updatedSince.")
            .RequireAccess(OwnBank, Roles.Bank);
        group.MapWrite<AnswerRequest, AnswerInformationRequestHandler>("/{id:guid}/information", "AnswerInformationRequest",
                "Answer the fund's request for more information (Idempotency-Key required); the application returns to examination.")
            .RequireAccess(OwnBank, Roles.Bank);
        group.MapWrite<DisbursementRequest, ReportDisbursementHandler>("/{id:guid}/disbursement", "ReportDisbursement",
                "Report the loan's disbursement (Idempotency-Key required); the guarantee is issued once every condition is met.")
            .RequireAccess(OwnBank, Roles.Bank);
        return routes;
    }

    /// <summary>
    /// A bank write on one application: POST with a JSON body and an Idempotency-Key, answered with the application as the
    /// bank sees it (the first answer again on a retry). The handler is the use case's.
    /// </summary>
    internal static RouteHandlerBuilder MapWrite<TBody, THandler>(this RouteGroupBuilder group, string pattern, string name, string summary)
        where THandler : IBankWriteHandler<TBody> =>
        group.MapPost(pattern, async (Guid id, TBody body, HttpContext http, THandler handler) =>
                Answer(await handler.HandleAsync(new BankWrite<TBody>(id, http.Request.IdempotencyKeyHeader()!, body), http.User, http.RequestAborted), http))
            .WithName(name)
            .WithSummary(summary)
            .RequireIdempotencyKey("request")
            .Produces<BankApplicationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<IResult> SubmitAsync(SubmitApplicationRequest body, HttpContext http, SubmitApplicationHandler handler) =>
        Answer(await handler.HandleAsync(new SubmitApplication(http.Request.IdempotencyKeyHeader()!, body), http.User, http.RequestAborted), http);

    internal static async Task<Results<Ok<BankApplicationView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user,
        GetBankApplicationHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(id, user, cancellationToken)).Match<Results<Ok<BankApplicationView>, ProblemHttpResult>>(
            view => TypedResults.Ok(view), refusal => refusal.ToProblem());

    internal static async Task<Results<Ok<Page<BankApplicationSummary>>, ProblemHttpResult>> ListAsync([AsParameters] ListBankApplications query,
        ClaimsPrincipal user, ListBankApplicationsHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(query, user, cancellationToken)).Match<Results<Ok<Page<BankApplicationSummary>>, ProblemHttpResult>>(
            page => TypedResults.Ok(page), refusal => refusal.ToProblem());

    /// <summary>The answer of a bank write: the application (Location of a new one), or the refusal; a 503 says when to retry.</summary>
    internal static IResult Answer(Outcome<Idempotent<BankApplicationView>> outcome, HttpContext http) =>
        outcome.Match(answer => answer.ToHttpResult(id => $"{Prefix}/applications/{id}"), refusal =>
        {
            if (refusal.Kind == RefusalKind.Unavailable)
            {
                http.Response.Headers.RetryAfter = "5";
            }

            return refusal.ToProblem();
        });
}
