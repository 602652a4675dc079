using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Diagnosis.Data;

namespace SmePlatform.Diagnosis.Application.Diagnoses;

public sealed record ListDiagnosesRequest(Guid EnterpriseId);

public sealed record DiagnosisList(Guid EnterpriseId, IReadOnlyList<DiagnosisSummaryView> Diagnoses);

/// <summary>An enterprise's diagnoses, newest first, as summaries; counter staff of another ward get 404.</summary>
public sealed class ListDiagnosesHandler(DiagnosisStore diagnoses)
{
    public async Task<Outcome<DiagnosisList>> HandleAsync(ListDiagnosesRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var records = await diagnoses.ListAsync(request.EnterpriseId, ct);
        var visible = records.Where(r => Access.SeesWard(caller, r.Ward)).ToList();
        if (visible.Count == 0 && !Access.SeesFull(caller))
        {
            return Refusal.NotFound("No diagnoses of this enterprise.");
        }

        return new DiagnosisList(request.EnterpriseId, [.. visible.Select(DiagnosisSummaryView.From)]);
    }
}
