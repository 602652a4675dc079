using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.Diagnosis.Application.Peers;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Diagnosis.Api;

/// <summary>Diagnoses: run one, read one, list an enterprise's.</summary>
public static class DiagnosisEndpoints
{
    public static RouteGroupBuilder MapDiagnosisEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/diagnoses", async Task<Results<Created<DiagnosisView>, ProblemHttpResult>> (RunDiagnosisRequest request, ClaimsPrincipal caller,
                RunDiagnosisHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(request, caller, ct)).Match<Results<Created<DiagnosisView>, ProblemHttpResult>>(
                    view => TypedResults.Created($"/api/diagnosis/diagnoses/{view.Id}", view), refusal => refusal.ToProblem()))
            .RequireAccess("city-wide: any enterprise", Roles.Advisor)
            .WithSummary("Run a quick or full diagnosis (快速诊断 / 全面诊断)")
            .WithDescription("Statements inline are stored first; without them the stored statements are used. Indicators that cannot be computed are null with a reason; the diagnosis still completes.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/diagnoses/{id:guid}", async Task<Results<Ok<DiagnosisView>, Ok<DiagnosisSummaryView>, ProblemHttpResult>> (Guid id, ClaimsPrincipal caller,
                GetDiagnosisHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new GetDiagnosisRequest(id), caller, ct)).Match<Results<Ok<DiagnosisView>, Ok<DiagnosisSummaryView>, ProblemHttpResult>>(
                    read => read.Full is { } full ? TypedResults.Ok(full) : TypedResults.Ok(read.Summary), refusal => refusal.ToProblem()))
            .RequireAccess("advisors and the SME Office: the whole diagnosis (audited); counter staff: the summary, own ward only (another ward's: 404)",
                Roles.Advisor, Roles.SmeOffice, Roles.CounterStaff)
            .WithSummary("One diagnosis (诊断结果)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/diagnoses/{id:guid}/peers", async Task<Results<Ok<PeerComparison>, ProblemHttpResult>> (Guid id, ClaimsPrincipal caller,
                ComparePeersHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new ComparePeersRequest(id), caller, ct)).Match<Results<Ok<PeerComparison>, ProblemHttpResult>>(
                    value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("advisors and the SME Office, city-wide (audited: it shows the enterprise's figures); peers only as quartiles of at least 5",
                Roles.Advisor, Roles.SmeOffice)
            .WithSummary("A diagnosis' indicators against local peers of the same industry division: quartiles and position (同行对比)")
            .WithDescription("Peers are the latest diagnoses of other enterprises of the same GB/T 4754 division, in the same ward, else city-wide; "
                + "with fewer than 5 peers the comparison is withheld (reason fewer_than_5_peers), and an indicator with fewer than 5 peer values too.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/diagnoses/{id:guid}/comparison", async Task<Results<Ok<DiagnosisComparison>, ProblemHttpResult>> (Guid id, Guid? with,
                ClaimsPrincipal caller, CompareDiagnosesHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new CompareDiagnosesRequest(id, with), caller, ct)).Match<Results<Ok<DiagnosisComparison>, ProblemHttpResult>>(
                    value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("advisors and the SME Office, city-wide (audited: it shows the enterprise's figures)", Roles.Advisor, Roles.SmeOffice)
            .WithSummary("What changed since an earlier diagnosis, indicator by indicator, and each indicator's trend (复诊对比)")
            .WithDescription("Against the diagnosis just before, or ?with= an earlier one of the same enterprise. 409 no-previous-diagnosis for a first diagnosis.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/enterprises/{enterpriseId:guid}/diagnoses", async Task<Results<Ok<DiagnosisList>, ProblemHttpResult>> (Guid enterpriseId,
                ClaimsPrincipal caller, ListDiagnosesHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new ListDiagnosesRequest(enterpriseId), caller, ct)).Match<Results<Ok<DiagnosisList>, ProblemHttpResult>>(value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("advisors and the SME Office: city-wide; counter staff: own ward only (another ward's: 404)",
                Roles.Advisor, Roles.SmeOffice, Roles.CounterStaff)
            .WithSummary("An enterprise's diagnoses, newest first (诊断记录)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
