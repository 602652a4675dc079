using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Data;

namespace SmePlatform.Diagnosis.Application.Diagnoses;

public sealed record GetDiagnosisRequest(Guid Id);

/// <summary>
/// One diagnosis: whole for advisors and the SME Office (every such read is audited: statements are confidential
/// business data), the summary for counter staff of the enterprise's ward, and 404 for anyone else.
/// </summary>
public sealed class GetDiagnosisHandler(DiagnosisStore diagnoses, RecommendationReferralStore referrals, UnitOfWorkFactory units)
{
    public async Task<Outcome<DiagnosisRead>> HandleAsync(GetDiagnosisRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await diagnoses.GetAsync(request.Id, ct);
        if (record is null || !Access.SeesWard(caller, record.Ward))
        {
            return Refusal.NotFound("No such diagnosis.");
        }

        var summary = DiagnosisSummaryView.From(record);
        if (!Access.SeesFull(caller))
        {
            return new DiagnosisRead(null, summary);
        }

        await using var unit = await units.BeginAsync(ct);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "diagnosis.read", "diagnosis", record.Id.ToString(), null,
            new { record.EnterpriseId, record.Number }), ct);
        await unit.CommitAsync(ct);
        return new DiagnosisRead(DiagnosisViews.WithReferrals(DiagnosisJson.Read(record.Result), await referrals.ListAsync(record.Id, ct)), summary);
    }
}
