using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using SmePlatform.Application;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Messaging.Referrals;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Application.Cases;

/// <summary>Which side of the case seeks the loan, the loan sought, and a note for the guarantee fund (the contract is added to it).</summary>
public sealed record StartGuaranteeReferralRequest(Guid CaseId, Guid? EnterpriseId, string? Note, LoanSought? LoanRequest);

/// <summary>
/// A signed contract starts a guarantee referral for the working capital it needs, through the one-stop centre's loop
/// (docs/adr/0068): for one of the case's two enterprises, while the case is at Contract, at most one open at a time per
/// enterprise. The counter's validation answers at once (400 with every field error, 409); the contract's terms travel in
/// the note, which the guarantee fund keeps in the application file; a one-stop centre that is away changes nothing (503).
/// </summary>
public sealed class StartGuaranteeReferralHandler(CaseLoader cases, IntroductionStore introductions, ConfigurationStore configuration,
    OneStopReferrals oneStop, UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Title = "The guarantee referral cannot be started.";

    public async Task<Outcome<CaseView>> HandleAsync(StartGuaranteeReferralRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewer = Viewer.Of(caller);
        if (await cases.LoadAsync(request.CaseId, viewer, ct) is not { } loaded)
        {
            return Refusal.NotFound("No such case.");
        }

        var sides = new[] { loaded.Needing.Enterprise.EnterpriseId, loaded.Offering.Enterprise.EnterpriseId };
        if (request.EnterpriseId is not { } enterpriseId || !sides.Contains(enterpriseId))
        {
            return await InvalidEnterpriseAsync(request, ct);
        }

        if (loaded.Case.Stage != CaseStage.Contract || loaded.Case.Contract is not { } contract)
        {
            return Refusal.Conflict("case-not-at-contract", Title, "A guarantee referral starts from a signed contract; the case is not at Contract.")
                .With("stage", WireStyle.Name(loaded.Case.Stage));
        }

        var earlier = loaded.Referrals.Where(r => r.EnterpriseId == enterpriseId).ToList();
        if (earlier.FirstOrDefault(r => ReferralProgress.IsOpen(r.State)) is { } open)
        {
            return Refusal.Conflict("guarantee-referral-open", Title, "The enterprise already has an open guarantee referral from this case.")
                .With("referralId", open.ReferralId);
        }

        var terms = string.Create(CultureInfo.InvariantCulture,
            $"Partnership contract of {contract.StartDate:yyyy-MM-dd}: {contract.ContractType}, {contract.Value:0.##} {contract.Currency}.");
        var note = string.IsNullOrWhiteSpace(request.Note) ? terms : $"{request.Note.Trim()} {terms}";
        var person = viewer.Id;
        // The same enterprise's n-th referral from this case always has the same request id: two clicks reach the counter as one.
        var requestId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{loaded.Case.Id}/{enterpriseId}/{earlier.Count}")).AsSpan(0, 16));
        var sent = await oneStop.SendAsync(new ReferralAsk(requestId, enterpriseId, ReferralTargets.CreditGuarantee, note, request.LoanRequest, person,
            $"partnership case {loaded.Case.Id}"), ct);
        if (sent.Refusal is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var stored = new CaseReferralRecord
        {
            ReferralId = sent.Value.ReferralId, CaseId = loaded.Case.Id, EnterpriseId = enterpriseId, Target = ReferralTargets.CreditGuarantee,
            OnestopCaseId = sent.Value.CaseId, State = ReferralProgress.Sent, RequestedBy = person, RequestedAt = now, UpdatedAt = now,
        };
        await using (var unit = await units.BeginAsync(ct))
        {
            if (await CaseReferralStore.InsertIfAbsentAsync(unit, stored, ct))
            {
                await unit.AuditAsync(new AuditEntry(Actor.From(caller), "case.referred", "case", loaded.Case.Id.ToString(), null,
                    new { stored.ReferralId, stored.EnterpriseId, stored.Target, stored.OnestopCaseId }), ct);
                await unit.CommitAsync(ct);
            }
        }

        var config = await configuration.CurrentAsync(ct);
        return CaseView.Of(loaded with { Referrals = [.. loaded.Referrals.Where(r => r.ReferralId != stored.ReferralId), stored] },
            await introductions.RatingsAsync(loaded.Case.Id, ct), config.Stages, now);
    }

    /// <summary>
    /// Every field error at once: the one-stop centre checks the loan and note of a request that names no enterprise
    /// (it refuses it, changing nothing), and the enterprise's error is this service's own.
    /// </summary>
    private async Task<Refusal> InvalidEnterpriseAsync(StartGuaranteeReferralRequest request, CancellationToken ct)
    {
        var checkedElsewhere = await oneStop.SendAsync(new ReferralAsk(Guid.CreateVersion7(), Guid.Empty, ReferralTargets.CreditGuarantee, request.Note?.Trim() ?? "",
            request.LoanRequest, "-", ""), ct);
        if (checkedElsewhere.Refusal is { Kind: RefusalKind.Unavailable } away)
        {
            return away;
        }

        var errors = new Dictionary<string, string[]>(checkedElsewhere.Refusal?.Errors ?? new Dictionary<string, string[]>())
        {
            ["enterpriseId"] = ["Required: one of the case's two enterprises, the one that seeks the loan."],
        };
        return Refusal.Invalid(Title, errors);
    }
}
