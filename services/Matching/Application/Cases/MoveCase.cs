using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Matching;
using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Profiles;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Application.Cases;

public sealed record ContractInput(decimal? Value, string? Currency, DateOnly? StartDate, string? ContractType);

/// <summary>A stage transition: the stage to move to (Discontinued with a decision factor), documents noted, and for Contract its terms.</summary>
public sealed record MoveCaseRequest(Guid Id, string? To, string? Documents, string? Note, string? Reason, ContractInput? Contract);

/// <summary>
/// An intermediary moves a case forward (skipping only what the configuration allows), signs its contract or discontinues
/// it. The fee the schedule sets for the stage is added; both enterprises' timelines hear of the change.
/// </summary>
public sealed class MoveCaseHandler(CaseLoader cases, IntroductionStore introductions, ConfigurationStore configuration, UnitOfWorkFactory units,
    TimeProvider clock)
{
    public const string Title = "The case cannot move.";

    public async Task<Outcome<CaseView>> HandleAsync(MoveCaseRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var toOk = WireNames.TryParse(request.To, out CaseStage to);
        errors.AddIf(!toOk, "to", $"The stage to move to: {WireNames.List<CaseStage>()}.");
        DecisionFactor reason = default;
        var reasonOk = to != CaseStage.Discontinued || WireNames.TryParse(request.Reason, out reason);
        errors.AddIf(toOk && !reasonOk, "reason", $"A discontinued case names its decision factor: {WireNames.List<DecisionFactor>()}.");
        errors.AddIf(request.Documents?.Length > 2000, "documents", "At most 2000 characters.");
        errors.AddIf(request.Note?.Length > 2000, "note", "At most 2000 characters.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var viewer = Viewer.Of(caller);
        if (await cases.LoadAsync(request.Id, viewer, ct) is not { } loaded)
        {
            return Refusal.NotFound("No such case.");
        }

        var now = clock.GetUtcNow();
        var config = await configuration.CurrentAsync(ct);
        var terms = request.Contract is { } c
            ? new ContractTerms(c.Value ?? 0, c.Currency?.Trim() ?? "", c.StartDate ?? DateOnly.FromDateTime(now.UtcDateTime), c.ContractType?.Trim() ?? "")
            : null;
        var moved = to == CaseStage.Discontinued
            ? loaded.Case.Discontinue(reason, request.Note, viewer.Id, now)
            : loaded.Case.MoveTo(to, config.Stages, viewer.Id, now, request.Documents, request.Note, terms, config.Fees);
        if (!moved.Ok)
        {
            return DomainRefusals.From(Title, moved.Errors).With("stage", WireStyle.Name(loaded.Case.Stage));
        }

        var after = moved.Value!;
        await using var unit = await units.BeginAsync(ct);
        if (!await IntroductionStore.UpdateCaseAsync(unit, loaded.Case, after, now, ct))
        {
            return DomainRefusals.ChangedMeanwhile("case");
        }

        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "case.moved", "case", after.Id.ToString(),
            new { Stage = loaded.Case.Stage, loaded.Case.FeeCharged }, new { after.Stage, after.FeeCharged, request.Documents }), ct);
        await Announce(unit, after, loaded.Case.Stage, loaded.Needing, loaded.Offering, now, ct);
        await Announce(unit, after, loaded.Case.Stage, loaded.Offering, loaded.Needing, now, ct);
        await unit.CommitAsync(ct);
        return CaseView.Of(after, loaded, await introductions.RatingsAsync(after.Id, ct), config.Stages, now);
    }

    private static async Task Announce(UnitOfWork unit, PartnershipCase c, CaseStage from, PartneringProfile self, PartneringProfile other,
        DateTimeOffset now, CancellationToken ct)
    {
        await unit.EnqueueAsync(new PartnershipStageChanged(c.Id, self.Enterprise.EnterpriseId, other.Enterprise.EnterpriseId, other.Code, from.ToString(),
            c.Stage.ToString(), c.Steps[^1].Reason?.ToString(), now), ct);
        if (c.Stage == CaseStage.Contract && c.Contract is { } contract)
        {
            await unit.EnqueueAsync(new PartnershipContractSigned(c.Id, self.Enterprise.EnterpriseId, other.Enterprise.EnterpriseId, contract.Value,
                contract.Currency, contract.StartDate, contract.ContractType, now), ct);
        }
    }
}
