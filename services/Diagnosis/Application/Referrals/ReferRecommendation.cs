using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using SmePlatform.Application;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.Messaging.Referrals;
using SmePlatform.Diagnosis.Data;

namespace SmePlatform.Diagnosis.Application.Referrals;

/// <summary>What the advisor adds: a note for the receiver, and for a guarantee programme the loan the enterprise seeks.</summary>
public sealed record ReferRecommendationBody(string? Note = null, LoanSought? LoanRequest = null);

public sealed record ReferRecommendationRequest(Guid DiagnosisId, string Programme, ReferRecommendationBody? Body);

/// <summary>
/// An advisor turns a recommendation of a diagnosis into a referral to its programme's target service, through the one-stop
/// centre's loop (docs/adr/0068): the counter's validation and rules answer at once (400 with every field error, 409),
/// nothing is recorded here unless the counter sent it, and a one-stop centre that is away changes nothing (503).
/// A recommendation has at most one open referral; after a decline, a cancellation or an outcome the advisor may refer again.
/// </summary>
public sealed class ReferRecommendationHandler(DiagnosisStore diagnoses, RecommendationReferralStore referrals, OneStopReferrals oneStop,
    UnitOfWorkFactory units, TimeProvider clock)
{
    public async Task<Outcome<RecommendationReferralView>> HandleAsync(ReferRecommendationRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await diagnoses.GetAsync(request.DiagnosisId, ct) is not { } record)
        {
            return Refusal.NotFound("No such diagnosis.");
        }

        var recommendation = DiagnosisJson.Read(record.Result).Recommendations.FirstOrDefault(r => r.Programme == request.Programme);
        if (recommendation is null)
        {
            return Refusal.NotFound("The diagnosis does not recommend this programme.");
        }

        var earlier = (await referrals.ListAsync(record.Id, ct)).Where(r => r.Programme == recommendation.Programme).ToList();
        if (earlier.FirstOrDefault(r => ReferralProgress.IsOpen(r.State)) is { } open)
        {
            return OpenAlready(open.ReferralId);
        }

        var actor = Actor.From(caller);
        var body = request.Body ?? new ReferRecommendationBody();
        var note = string.IsNullOrWhiteSpace(body.Note)
            ? $"Programme recommended by the enterprise's diagnosis: {recommendation.NameEn} ({recommendation.NameZh})."
            : body.Note.Trim();
        // The same recommendation's n-th referral always has the same request id: two clicks at once reach the counter as one.
        var requestId = RequestId($"{record.Id}/{recommendation.Programme}/{earlier.Count}");
        var sent = await oneStop.SendAsync(new ReferralAsk(requestId, record.EnterpriseId, recommendation.Target, note, body.LoanRequest, actor.Id,
            $"diagnosis {record.Id} programme {recommendation.Programme}"), ct);
        if (sent.Refusal is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var stored = new RecommendationReferralRecord
        {
            ReferralId = sent.Value.ReferralId, DiagnosisId = record.Id, Programme = recommendation.Programme, Target = recommendation.Target,
            CaseId = sent.Value.CaseId, State = ReferralProgress.Sent, RequestedBy = actor.Id, RequestedAt = now, UpdatedAt = now,
        };
        await using var unit = await units.BeginAsync(ct);
        if (!await RecommendationReferralStore.InsertIfAbsentAsync(unit, stored, ct))
        {
            return OpenAlready(stored.ReferralId);
        }

        await unit.AuditAsync(new AuditEntry(actor, "recommendation.referred", "diagnosis", record.Id.ToString(), null,
            new { stored.ReferralId, stored.Programme, stored.Target, stored.CaseId }), ct);
        await unit.CommitAsync(ct);
        return RecommendationReferralView.From(stored);
    }

    private static Refusal OpenAlready(Guid referralId) =>
        Refusal.Conflict("recommendation-referral-open", "The recommendation already has an open referral.",
            "Wait for its outcome, or for the counter to cancel it, before referring again.").With("referralId", referralId);

    private static Guid RequestId(string key) => new(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
}
