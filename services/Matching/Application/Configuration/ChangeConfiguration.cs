using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Configuration;
using SmePlatform.Matching.Domain.Scoring;
using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Application.Configuration;

public sealed record FeeScheduleInput(IReadOnlyDictionary<string, decimal>? StageFees, decimal? ContractShare, decimal? ContractMinimum, decimal? ContractMaximum);

/// <summary>A new version: what is given replaces the current value, what is left out stays.</summary>
public sealed record ChangeConfigurationRequest(ScoreWeights? Weights, int? ReviewersRequired, int? ValidityMonths, int? RenewalReminderDays,
    int? SuggestionsPerNeed, FeeScheduleInput? Fees);

/// <summary>
/// The SME Office publishes a new configuration version (weights, review rule, validity, fee schedule). Nothing is changed
/// in place: each suggestion and fee keeps the version it was made with. New scores use it from the next recomputation.
/// </summary>
public sealed class ChangeConfigurationHandler(ConfigurationStore configuration, UnitOfWorkFactory units, Suggestions.SuggestionRefreshJob refresh)
{
    public const string Title = "The configuration cannot be changed.";

    public async Task<Outcome<MatchingConfiguration>> HandleAsync(ChangeConfigurationRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var current = await configuration.CurrentAsync(ct);
        var errors = new FieldErrors();
        foreach (var error in request.Weights?.Check() ?? [])
        {
            errors.Add(error.Field!, error.Message);
        }

        errors.AddIf(request.ReviewersRequired is not (null or 1 or 2), "reviewersRequired", "1, or 2 for the second-reviewer rule.");
        errors.AddIf(request.ValidityMonths is not (null or (>= 1 and <= 36)), "validityMonths", "1 to 36 months.");
        errors.AddIf(request.RenewalReminderDays is not (null or (>= 0 and <= 90)), "renewalReminderDays", "0 to 90 days.");
        errors.AddIf(request.SuggestionsPerNeed is not (null or (>= 1 and <= 50)), "suggestionsPerNeed", "1 to 50.");
        var fees = current.Fees;
        if (request.Fees is { } f)
        {
            var stageFees = new Dictionary<CaseStage, decimal>(fees.StageFees);
            foreach (var (name, amount) in f.StageFees ?? new Dictionary<string, decimal>())
            {
                if (!WireNames.TryParse(name, out CaseStage stage) || stage == CaseStage.Discontinued)
                {
                    errors.Add("fees.stageFees", $"'{name}' is not a stage a fee is charged at.");
                }
                else if (amount < 0)
                {
                    errors.Add("fees.stageFees", $"The fee at {stage} is not negative.");
                }
                else
                {
                    stageFees[stage] = amount;
                }
            }

            fees = new FeeSchedule(stageFees, f.ContractShare ?? fees.ContractShare, f.ContractMinimum ?? fees.ContractMinimum, f.ContractMaximum ?? fees.ContractMaximum);
            errors.AddIf(fees.ContractShare is < 0 or > 0.2m, "fees.contractShare", "A share of the contract's value from 0 to 0.2 (20%).");
            errors.AddIf(fees.ContractMinimum < 0 || fees.ContractMinimum > fees.ContractMaximum, "fees.contractMinimum",
                "Not negative and not above the maximum.");
        }

        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var next = current with
        {
            Version = current.Version + 1,
            Weights = request.Weights ?? current.Weights,
            ReviewersRequired = request.ReviewersRequired ?? current.ReviewersRequired,
            ValidityMonths = request.ValidityMonths ?? current.ValidityMonths,
            RenewalReminderDays = request.RenewalReminderDays ?? current.RenewalReminderDays,
            SuggestionsPerNeed = request.SuggestionsPerNeed ?? current.SuggestionsPerNeed,
            Fees = fees,
        };
        await using var unit = await units.BeginAsync(ct);
        ConfigurationStore.Add(unit, next, Viewer.Of(caller).Id);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "configuration.changed", "configuration", next.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            current, next), ct);
        try
        {
            await unit.CommitAsync(ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return DomainRefusals.ChangedMeanwhile("configuration");
        }

        // Suggestions scored with the old weights are rescored in the background, reads meanwhile answered from the old ones.
        refresh.Wake();
        return next;
    }
}
