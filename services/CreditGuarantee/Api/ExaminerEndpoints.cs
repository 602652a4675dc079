using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Application.Examination;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The examiners' API under /api/guarantee: the work queue (all, unassigned, mine, overdue, with counts), an application
/// in full (register data, exposure, the borrower's other applications, timeline, time limit, diagnosis), self-assignment,
/// reassignment with a reason,
/// the decision with its reasons, the second examiner's countersignature (four-eyes) and conditions met. Examiners act;
/// the SME Office and administrators read. docs/guarantee-rules.md "Examiner API". Optimistic concurrency is the
/// platform's: GET answers the application's version as its ETag, and a write sent with If-Match of an older version is
/// refused (412, with the current ETag) and changes nothing.
/// </summary>
public static class ExaminerEndpoints
{
    public const string Prefix = "/api/guarantee/applications";
    private const string CityWide = "every application, city-wide";

    public static IEndpointRouteBuilder MapExaminerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("Examination");
        group.MapGet("/", QueueAsync).WithName("ExaminationQueue")
            .RequireAccess(CityWide + " (read)", Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetApplicationForExamination")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAccess(CityWide + " (read)", Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        group.MapPost("/{id:guid}/assignment", (Guid id, AssignmentRequest? body, HttpContext http, AssignExaminerHandler handler) =>
                WriteAsync(id, body, http, write => handler.HandleAsync(write, http.User, http.RequestAborted)))
            .WithName("AssignExaminer").ProducesWriteProblems()
            .RequireAccess("examiners assign themselves", Roles.Examiner);
        group.MapPost("/{id:guid}/reassignment", (Guid id, ReassignmentRequest body, HttpContext http, ReassignExaminerHandler handler) =>
                WriteAsync(id, body, http, write => handler.HandleAsync(write, http.User, http.RequestAborted)))
            .WithName("ReassignExaminer").ProducesWriteProblems()
            .RequireAccess("an examiner takes over an assigned file, with a reason", Roles.Examiner);
        group.MapPost("/{id:guid}/decision", (Guid id, DecisionRequest body, HttpContext http, DecideApplicationHandler handler) =>
                WriteAsync(id, body, http, write => handler.HandleAsync(write, http.User, http.RequestAborted)))
            .WithName("DecideApplication").ProducesWriteProblems()
            .RequireAccess("the assigned examiner decides", Roles.Examiner);
        group.MapPost("/{id:guid}/countersignature", (Guid id, HttpContext http, CountersignApprovalHandler handler) =>
                WriteAsync<object?>(id, null, http, write => handler.HandleAsync(write, http.User, http.RequestAborted)))
            .WithName("CountersignApproval").ProducesWriteProblems()
            .RequireAccess("the second examiner countersigns (four-eyes)", Roles.Examiner);
        group.MapPost("/{id:guid}/conditions/{number:int}/met",
                (Guid id, int number, ConditionMetRequest body, HttpContext http, RecordConditionMetHandler handler) =>
                    WriteAsync(id, body, http, write => handler.HandleAsync(write, number, http.User, http.RequestAborted)))
            .WithName("MeetCondition").ProducesWriteProblems()
            .RequireAccess("examiners record a condition as met", Roles.Examiner);
        return routes;
    }

    internal static async Task<Results<Ok<QueuePage>, ProblemHttpResult>> QueueAsync([AsParameters] ExaminationQueueRequest query, ClaimsPrincipal user,
        ExaminationQueueHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(query, user, cancellationToken)).Match<Results<Ok<QueuePage>, ProblemHttpResult>>(
            page => TypedResults.Ok(page), refusal => refusal.ToProblem());

    internal static async Task<Results<Ok<ExaminerApplicationView>, ProblemHttpResult>> GetAsync(Guid id, HttpResponse response,
        ApplicationForExaminationHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(id, cancellationToken)).Match<Results<Ok<ExaminerApplicationView>, ProblemHttpResult>>(view =>
        {
            response.SetVersion(view.RowVersion);
            return TypedResults.Ok(view);
        }, refusal => refusal.ToProblem());

    /// <summary>
    /// A write of the fund on one application: If-Match (optional; a version of ours when sent), the use case, then the
    /// application in full with its new ETag; 202 when only stored (an approval waiting for the countersignature).
    /// </summary>
    internal static async Task<Results<Ok<ExaminerApplicationView>, Accepted<ExaminerApplicationView>, ProblemHttpResult>> WriteAsync<TBody>(
        Guid id, TBody body, HttpContext http, Func<ExaminerWrite<TBody>, Task<Outcome<ExaminerAnswer>>> handle)
    {
        var ifMatch = http.Request.IfMatch(required: false);
        if (ifMatch.IsRefused)
        {
            return ifMatch.Refusal!.ToProblem();
        }

        return (await handle(new ExaminerWrite<TBody>(id, ifMatch.Value, body)))
            .Match<Results<Ok<ExaminerApplicationView>, Accepted<ExaminerApplicationView>, ProblemHttpResult>>(answer =>
            {
                http.Response.SetVersion(answer.Version);
                return answer.Accepted ? TypedResults.Accepted($"{Prefix}/{id}", answer.View) : TypedResults.Ok(answer.View);
            }, refusal => refusal.ToProblem());
    }

    /// <summary>The answers of a write of the fund, and its concurrency rule, in the API document.</summary>
    internal static RouteHandlerBuilder ProducesWriteProblems(this RouteHandlerBuilder builder) => builder
        .WithDescription("Optimistic concurrency: send If-Match with the ETag of GET /api/guarantee/applications/{id} (or of your last "
            + "write); when the application changed since, the answer is 412 version-conflict with currentETag, and nothing changes. "
            + "The answer carries the new ETag. This replaces the rowVersion field of the decision's body, which is no longer read.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
