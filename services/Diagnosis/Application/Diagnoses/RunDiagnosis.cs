using System.Security.Claims;
using Microsoft.Extensions.Options;
using SmePlatform.Application;
using SmePlatform.Contracts.Diagnosis;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Application.Statements;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Application.Diagnoses;

/// <summary>An advisor's item score (1–5) per assessment item code, and the non-financial viewpoints.</summary>
public sealed record AssessmentRequest(IReadOnlyDictionary<string, int>? Items, IReadOnlyList<ViewpointInput>? Viewpoints);

public sealed record ViewpointInput(string? Viewpoint, int? Score, string? Evidence);

/// <summary>
/// A quick or full diagnosis. <c>statements</c> inline are stored first (as PUT statements would); without them the
/// stored statements are used. <c>ward</c> is the enterprise's registered ward (from the referral when
/// <c>referralId</c> is given). A full diagnosis needs <c>assessment</c>.
/// </summary>
public sealed record RunDiagnosisRequest(
    Guid? EnterpriseId,
    string? Ward,
    string? IndustryCode,
    DiagnosisKind? Kind,
    IReadOnlyList<StatementInput>? Statements,
    AssessmentRequest? Assessment,
    Guid? ReferralId = null);

public sealed class RunDiagnosisHandler(UnitOfWorkFactory units, RulesStore rules, TimeProvider clock, IOptions<DiagnosisOptions> options)
{
    public async Task<Outcome<DiagnosisView>> HandleAsync(RunDiagnosisRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var warnings = new List<StatementWarning>();
        var (input, assessment) = RunDiagnosisValidation.Validate(request, Access.CurrentYear(clock), errors, warnings);
        var bands = await rules.CurrentBandTableAsync(ct);
        var catalogue = await rules.CurrentCatalogueAsync(ct);
        if (errors.ToRefusal("The diagnosis request has errors.") is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var actor = Actor.From(caller);
        await using var unit = await units.BeginAsync(ct);
        var (enterpriseId, ward) = (input.EnterpriseId, input.Ward);
        if (request.ReferralId is { } referralId)
        {
            var referral = await ReferralStore.GetForUpdateAsync(unit, referralId, ct);
            if (referral is null)
            {
                return Refusal.Invalid("The diagnosis request has errors.", "referralId", "No counter referral to diagnosis has this id.");
            }

            if (referral.EnterpriseId != enterpriseId)
            {
                return Refusal.Invalid("The diagnosis request has errors.", "referralId", "The referral is for another enterprise.");
            }

            ward = referral.Ward;
        }

        foreach (var statement in input.Statements)
        {
            await StatementStore.UpsertAsync(unit, enterpriseId, ward!, statement, StatementSources.Advisor, actor.Id, now, ct);
        }

        var stored = await StatementStore.ListAsync(unit, enterpriseId, ct);
        var seriesErrors = new FieldErrors();
        if (stored.Count == 0)
        {
            seriesErrors.Add("statements", "No statements are stored for this enterprise: send them inline.");
        }

        foreach (var problem in StatementRules.CheckSeries([.. stored.Select(s => s.Statement.FiscalYear)], "statements"))
        {
            seriesErrors.Add(problem.Field, problem.Message);
        }

        if (seriesErrors.ToRefusal("The diagnosis request has errors.") is { } badSeries)
        {
            return badSeries;
        }

        ward ??= stored[^1].Ward;
        var previous = await DiagnosisStore.LockLatestAsync(unit, enterpriseId, ct);
        var diagnosisRules = new DiagnosisRules(bands, options.Value.Cutoffs, options.Value.PreSort, catalogue);
        var outcome = DiagnosisEngine.Run(input.Kind, [.. stored.Select(s => s.Statement)], input.IndustryCode, assessment, diagnosisRules);
        var view = DiagnosisViews.Build(Guid.CreateVersion7(), enterpriseId, (previous?.Number ?? 0) + 1, ward, input.IndustryCode, input.Kind, outcome,
            diagnosisRules, previous, warnings, request.ReferralId, actor.Id, now);
        var record = DiagnosisViews.Record(view, outcome);
        DiagnosisStore.Insert(unit, record);
        await unit.EnqueueAsync(new DiagnosisCompleted(view.Id, enterpriseId, view.Number, ward, view.Kind.ToString().ToLowerInvariant(), view.FiscalYear,
            record.Rank, record.PreSort, record.AssessmentBand, request.ReferralId, actor.Id, now), ct);
        await unit.AuditAsync(new AuditEntry(actor, "diagnosis.completed", "diagnosis", view.Id.ToString(), null,
            new { enterpriseId, view.Number, view.Kind, record.Rank, record.PreSort, record.AssessmentBand }), ct);
        await unit.CommitAsync(ct);
        return view;
    }
}

/// <summary>Where a stored statement came from.</summary>
public static class StatementSources
{
    public const string Advisor = "advisor";
}
