using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Data;

namespace SmePlatform.Diagnosis.Application.Diagnoses;

/// <param name="EnterpriseId">As sent (a UUID string).</param>
/// <param name="ConsentGiven">The enterprise consented to this read (a guarantee application carries the consent).</param>
/// <param name="PurposeReference">What the read is for (an application id): recorded in the audit trail.</param>
public sealed record GetLatestDiagnosisRequest(string EnterpriseId, bool ConsentGiven, string PurposeReference);

/// <summary>
/// Another service (CreditGuarantee) reads an enterprise's latest diagnosis for a decision the enterprise consented
/// to. Without consent nothing is read; every read is audited with its purpose.
/// </summary>
public sealed class GetLatestDiagnosisHandler(DiagnosisStore diagnoses, UnitOfWorkFactory units)
{
    public const string ConsentRequired = "consent-required";

    public async Task<Outcome<DiagnosisView>> HandleAsync(GetLatestDiagnosisRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Guid.TryParse(request.EnterpriseId, out var enterpriseId))
        {
            return Refusal.Invalid("The request has errors.", "enterprise_id", "Not a UUID.");
        }

        if (!request.ConsentGiven)
        {
            return Refusal.Conflict(ConsentRequired, "The enterprise has not consented to its diagnosis being read.",
                "Diagnoses are confidential business data: they are read only for an application that carries the enterprise's consent.");
        }

        var record = await diagnoses.LatestAsync(enterpriseId, ct);
        if (record is null)
        {
            return Refusal.NotFound("The enterprise has no diagnosis.");
        }

        await using var unit = await units.BeginAsync(ct);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "diagnosis.read-with-consent", "diagnosis", record.Id.ToString(), null,
            new { record.EnterpriseId, record.Number, purpose = request.PurposeReference }), ct);
        await unit.CommitAsync(ct);
        return DiagnosisJson.Read(record.Result);
    }
}
