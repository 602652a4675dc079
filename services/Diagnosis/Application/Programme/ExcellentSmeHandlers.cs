using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Programme;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Application.Programme;

/// <summary>Section "Diagnosis:ExcellentSme": the programme's sizes and thresholds (presets: <see cref="ExcellentSmeRules.Preset"/>).</summary>
public sealed class ExcellentSmeOptions
{
    public int IntakePerYear { get; set; } = ExcellentSmeRules.Preset.IntakePerYear;
    public int ProgrammeTotal { get; set; } = ExcellentSmeRules.Preset.ProgrammeTotal;
    public int ProgrammeYears { get; set; } = ExcellentSmeRules.Preset.ProgrammeYears;
    public int MinimumScore { get; set; } = ExcellentSmeRules.Preset.MinimumScore;
    public int PeriodsRequired { get; set; } = ExcellentSmeRules.Preset.PeriodsRequired;
    public int MaxDiagnosisAgeYears { get; set; } = ExcellentSmeRules.Preset.MaxDiagnosisAgeYears;

    public ExcellentSmeRules Rules => new(IntakePerYear, ProgrammeTotal, ProgrammeYears, MinimumScore, PeriodsRequired, MaxDiagnosisAgeYears);
}

/// <param name="Year">The intake year.</param>
/// <param name="Limit">How many candidates to list (default three times the intake, at most 1,000).</param>
public sealed record ListCandidatesRequest(int? Year, int? Limit);

/// <summary>A candidate: its latest diagnosis' scores (no figures) and the criteria it met.</summary>
public sealed record CandidateView(int Position, Guid EnterpriseId, Guid DiagnosisId, string Ward, int FiscalYear, Rank? Rank, decimal ScaledTotal,
    int? OperatingMarginScore, int? EquityRatioScore, int? EbitdaDebtMultipleScore, CandidateCriteria Criteria, bool Eligible)
{
    public static CandidateView From(RankedCandidate c) => new(c.Position, c.Facts.EnterpriseId, c.Facts.DiagnosisId, c.Facts.Ward, c.Facts.FiscalYear,
        c.Facts.Rank, c.Facts.ScaledTotal, c.Facts.OperatingMarginScore, c.Facts.EquityRatioScore, c.Facts.EbitdaDebtMultipleScore, c.Criteria,
        c.Criteria.Eligible);
}

/// <summary>The ranked candidates of one intake year, with the places left this year and in the whole programme.</summary>
public sealed record CandidateList(int Year, ExcellentSmeRules Rules, int PlacesLeftThisYear, int PlacesLeftInProgramme, int Considered, int Eligible,
    IReadOnlyList<CandidateView> Candidates);

/// <summary>The SME Office's list of candidates for the year's intake: enterprises not yet in the programme, ranked.</summary>
public sealed class ListCandidatesHandler(ProgrammeStore programme, IOptions<DiagnosisOptions> options, TimeProvider clock)
{
    public const int MaxLimit = 1_000;

    public async Task<Outcome<CandidateList>> HandleAsync(ListCandidatesRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rules = options.Value.ExcellentSme.Rules;
        var errors = new FieldErrors();
        var year = request.Year ?? Access.CurrentYear(clock);
        IntakeYears.Check(year, Access.CurrentYear(clock), "year", errors);
        errors.AddIf(request.Limit is < 1 or > MaxLimit, "limit", $"From 1 to {MaxLimit}.");
        if (errors.ToRefusal("The request has errors.") is { } invalid)
        {
            return invalid;
        }

        var facts = await programme.CandidateFactsAsync(year - rules.MaxDiagnosisAgeYears, year, null, ct);
        var ranked = ExcellentSme.Rank(facts, year, rules);
        var selected = await programme.SelectedPerYearAsync(ct);
        return new CandidateList(year, rules, rules.IntakePerYear - selected.GetValueOrDefault(year), rules.ProgrammeTotal - selected.Values.Sum(), facts.Count,
            ranked.Count(c => c.Criteria.Eligible), [.. ranked.Take(request.Limit ?? rules.IntakePerYear * 3).Select(CandidateView.From)]);
    }
}

public sealed record RecordIntakeRequest(int? Year, IReadOnlyList<Guid>? EnterpriseIds);

public sealed record IntakeMemberView(Guid EnterpriseId, Guid DiagnosisId, string Ward, int Position, CandidateCriteria Criteria, string SelectedBy,
    DateTimeOffset SelectedAt);

public sealed record IntakeView(int Year, IReadOnlyList<IntakeMemberView> Members, int PlacesLeftThisYear, int PlacesLeftInProgramme);

/// <summary>
/// The SME Office records the year's intake: only eligible candidates, at most the year's places and the programme's,
/// within its five intake years; every problem at once, nothing recorded on any. Recorded under a lock, so the places
/// cannot be over-taken by two recordings at once.
/// </summary>
public sealed class RecordIntakeHandler(ProgrammeStore programme, UnitOfWorkFactory units, IOptions<DiagnosisOptions> options, TimeProvider clock)
{
    public async Task<Outcome<IntakeView>> HandleAsync(RecordIntakeRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rules = options.Value.ExcellentSme.Rules;
        var errors = new FieldErrors();
        if (request.Year is not { } year)
        {
            errors.Add("year", "Required.");
            year = 0;
        }
        else
        {
            IntakeYears.Check(year, Access.CurrentYear(clock), "year", errors);
        }

        var ids = request.EnterpriseIds ?? [];
        errors.AddIf(ids.Count == 0, "enterpriseIds", "Required: the enterprises chosen.");
        errors.AddIf(ids.Count > rules.IntakePerYear, "enterpriseIds", $"At most {rules.IntakePerYear} enterprises a year.");
        errors.AddIf(ids.Distinct().Count() != ids.Count, "enterpriseIds", "Each enterprise at most once.");
        if (errors.ToRefusal("The intake has errors.") is { } invalid)
        {
            return invalid;
        }

        var facts = (await programme.CandidateFactsAsync(year - rules.MaxDiagnosisAgeYears, year, ids, ct)).ToDictionary(f => f.EnterpriseId);
        var ranked = ExcellentSme.Rank(facts.Values, year, rules).ToDictionary(c => c.Facts.EnterpriseId);
        var now = clock.GetUtcNow();
        var actor = Actor.From(caller);
        await using var unit = await units.BeginAsync(ct);
        await ProgrammeStore.LockAsync(unit, ct);
        var perYear = await ProgrammeStore.SelectedPerYearAsync(unit, ct);
        var already = await ProgrammeStore.AlreadySelectedAsync(unit, ids, ct);
        var thisYear = perYear.GetValueOrDefault(year);
        var total = perYear.Values.Sum();
        var years = perYear.Keys.Append(year).Distinct().Order().ToList();
        errors.AddIf(years.Count > rules.ProgrammeYears, "year", $"The programme runs {rules.ProgrammeYears} intake years; it has had {string.Join(", ", perYear.Keys.Order())}.");
        errors.AddIf(thisYear + ids.Count > rules.IntakePerYear, "enterpriseIds", $"The intake of {year} has {rules.IntakePerYear - thisYear} places left.");
        errors.AddIf(total + ids.Count > rules.ProgrammeTotal, "enterpriseIds", $"The programme has {rules.ProgrammeTotal - total} places left.");
        for (var i = 0; i < ids.Count; i++)
        {
            if (already.TryGetValue(ids[i], out var joined))
            {
                errors.Add($"enterpriseIds[{i}]", $"Already in the programme since the intake of {joined}.");
            }
            else if (!ranked.TryGetValue(ids[i], out var candidate))
            {
                errors.Add($"enterpriseIds[{i}]", $"No diagnosis of this enterprise is recent enough for the intake of {year}.");
            }
            else if (!candidate.Criteria.Eligible)
            {
                errors.Add($"enterpriseIds[{i}]", $"Not eligible: it meets {candidate.Criteria.Met} of the 3 criteria.");
            }
        }

        if (errors.ToRefusal("The intake has errors.") is { } refused)
        {
            return refused;
        }

        var members = ids.Select((id, i) =>
        {
            var c = ranked[id];
            return new IntakeRecord
            {
                EnterpriseId = id, IntakeYear = year, DiagnosisId = c.Facts.DiagnosisId, Ward = c.Facts.Ward, Position = thisYear + i + 1,
                Criteria = JsonSerializer.Serialize(c.Criteria, DiagnosisJson.Options), SelectedBy = actor.Id, SelectedAt = now,
            };
        }).ToList();
        foreach (var member in members)
        {
            ProgrammeStore.Insert(unit, member);
        }

        await unit.AuditAsync(new AuditEntry(actor, "excellent-sme.intake-recorded", "excellent-sme-intake", year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, new { year, enterprises = ids }), ct);
        await unit.CommitAsync(ct);
        return new IntakeView(year, [.. members.Select(IntakeViews.From)], rules.IntakePerYear - thisYear - ids.Count, rules.ProgrammeTotal - total - ids.Count);
    }
}

public sealed record GetIntakeRequest(int Year);

/// <summary>One year's intake, in the order chosen.</summary>
public sealed class GetIntakeHandler(ProgrammeStore programme, IOptions<DiagnosisOptions> options)
{
    public async Task<Outcome<IntakeView>> HandleAsync(GetIntakeRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rules = options.Value.ExcellentSme.Rules;
        var members = await programme.IntakeAsync(request.Year, ct);
        var perYear = await programme.SelectedPerYearAsync(ct);
        return new IntakeView(request.Year, [.. members.Select(IntakeViews.From)], rules.IntakePerYear - perYear.GetValueOrDefault(request.Year),
            rules.ProgrammeTotal - perYear.Values.Sum());
    }
}

internal static class IntakeViews
{
    public static IntakeMemberView From(IntakeRecord r) => new(r.EnterpriseId, r.DiagnosisId, r.Ward, r.Position,
        JsonSerializer.Deserialize<CandidateCriteria>(r.Criteria, DiagnosisJson.Options)!, r.SelectedBy, r.SelectedAt);
}

internal static class IntakeYears
{
    /// <summary>An intake is for this year or the next (chosen ahead), or last year (recorded late); never further.</summary>
    public static void Check(int year, int currentYear, string field, FieldErrors errors) =>
        errors.AddIf(year < currentYear - 1 || year > currentYear + 1, field, $"An intake year from {currentYear - 1} to {currentYear + 1}.");
}
