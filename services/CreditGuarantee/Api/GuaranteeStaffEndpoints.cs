using SmePlatform.CreditGuarantee.Application.Examination;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The fund's side of the guarantee lifecycle under /api/guarantee: the fee received (issued → active), the claim paid
/// (claim filed → claim paid, the fund subrogated for the amount) and the closure (repaid or after the claim). Examiners
/// act; an administrator may also record the fee. If-Match as for the examiners' writes (<see cref="ExaminerEndpoints"/>).
/// </summary>
public static class GuaranteeStaffEndpoints
{
    public static IEndpointRouteBuilder MapGuaranteeStaffEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(ExaminerEndpoints.Prefix).WithTags("Guarantees");
        group.MapPost("/{id:guid}/fee-received", (Guid id, FeeReceivedRequest? body, HttpContext http, RecordFeeReceivedHandler handler) =>
                ExaminerEndpoints.WriteAsync(id, body, http, write => handler.HandleAsync(write, http.User, http.RequestAborted)))
            .WithName("RecordFeeReceived").ProducesWriteProblems()
            .RequireAccess("the fund records the guarantee fee received; the guarantee becomes active", Roles.Examiner, Roles.Admin);
        group.MapPost("/{id:guid}/claim-payment", (Guid id, ClaimPaymentRequest? body, HttpContext http, PayClaimHandler handler) =>
                ExaminerEndpoints.WriteAsync(id, body, http, write => handler.HandleAsync(write, http.User, http.RequestAborted)))
            .WithName("PayClaim").ProducesWriteProblems()
            .RequireAccess("examiners pay the filed claim (subrogation)", Roles.Examiner);
        group.MapPost("/{id:guid}/closure", (Guid id, ClosureRequest? body, HttpContext http, CloseGuaranteeHandler handler) =>
                ExaminerEndpoints.WriteAsync(id, body, http, write => handler.HandleAsync(write, http.User, http.RequestAborted)))
            .WithName("CloseGuarantee").ProducesWriteProblems()
            .RequireAccess("examiners close a repaid guarantee or one whose claim is paid", Roles.Examiner);
        return routes;
    }
}
