using SmePlatform.Matching.Domain.Configuration;

namespace SmePlatform.Matching.Domain.Cases;

/// <summary>One dated step of a case: the stage entered, by whom, with which documents noted.</summary>
public sealed record CaseStep(CaseStage Stage, DateTimeOffset At, string Actor, string? Documents, DecisionFactor? Reason, string? Note);

/// <summary>The signed contract of a case.</summary>
public sealed record ContractTerms(decimal Value, string Currency, DateOnly StartDate, string ContractType);

/// <summary>
/// The intermediated case an accepted introduction opens: it moves forward through the stages, skipping only the stages
/// the configuration allows to skip, and ends in a contract or is discontinued for one of the study's decision factors.
/// </summary>
public sealed record PartnershipCase(Guid Id, Guid IntroductionId, IReadOnlyList<CaseStep> Steps, ContractTerms? Contract, decimal FeeCharged)
{
    public CaseStage Stage => Steps[^1].Stage;

    public DateTimeOffset StageSince => Steps[^1].At;

    public static PartnershipCase Open(Guid id, Guid introductionId, string actor, DateTimeOffset now) =>
        new(id, introductionId, [new CaseStep(CaseStage.Enquiry, now, actor, null, null, null)], null, 0);

    /// <summary>Whether the case has stayed in its current stage longer than the configuration's limit for it.</summary>
    public bool IsStalled(DateTimeOffset now, StageRules rules) =>
        !CaseStages.IsFinal(Stage) && rules.LimitDays.TryGetValue(Stage, out var days) && now - StageSince > TimeSpan.FromDays(days);

    /// <summary>Moves to <paramref name="to"/>: forward, skipping only stages the rules allow; the contract needs its terms.</summary>
    public Checked<PartnershipCase> MoveTo(CaseStage to, StageRules rules, string actor, DateTimeOffset now, string? documents, string? note,
        ContractTerms? contract, FeeSchedule fees)
    {
        if (CaseStages.IsFinal(Stage))
        {
            return new MatchingError("case-closed", $"The case ended at {Stage}; it moves no further.");
        }

        if (to == CaseStage.Discontinued)
        {
            return new MatchingError("discontinue-with-reason", "A case is discontinued with a decision factor, not moved there.");
        }

        if (to <= Stage)
        {
            return new MatchingError("stage-out-of-order", $"The case is at {Stage}; it moves forward only (to {Stage + 1} next).");
        }

        var skipped = Enumerable.Range((int)Stage + 1, to - Stage - 1).Select(s => (CaseStage)s).ToArray();
        var notSkippable = skipped.Where(s => !rules.Skippable.Contains(s)).ToArray();
        if (notSkippable.Length > 0)
        {
            return new MatchingError("stage-out-of-order",
                $"The case is at {Stage}; {string.Join(", ", notSkippable)} may not be skipped (the configuration allows skipping {(rules.Skippable.Count == 0 ? "none" : string.Join(", ", rules.Skippable))}).");
        }

        var errors = new List<MatchingError>();
        if (to == CaseStage.Contract)
        {
            if (contract is null)
            {
                errors.Add(MatchingError.InField("contract", "A contract is recorded with its value, currency, start date and type."));
            }
            else
            {
                if (contract.Value <= 0)
                {
                    errors.Add(MatchingError.InField("contract.value", "The contract's value is greater than zero."));
                }

                if (contract.Currency is not { Length: 3 } || !contract.Currency.All(char.IsAsciiLetterUpper))
                {
                    errors.Add(MatchingError.InField("contract.currency", "An ISO 4217 currency code such as CNY."));
                }

                if (string.IsNullOrWhiteSpace(contract.ContractType))
                {
                    errors.Add(MatchingError.InField("contract.contractType", "The contract's type (e.g. OEM supply, licence, joint venture)."));
                }
            }
        }

        if (errors.Count > 0)
        {
            return Checked.Refused<PartnershipCase>(errors);
        }

        var steps = Steps.Append(new CaseStep(to, now, actor, documents, null, note)).ToArray();
        return this with
        {
            Steps = steps,
            Contract = to == CaseStage.Contract ? contract : Contract,
            FeeCharged = FeeCharged + fees.FeeFor(to, to == CaseStage.Contract ? contract!.Value : 0),
        };
    }

    /// <summary>Ends the case without a contract, for one of the study's decision factors.</summary>
    public Checked<PartnershipCase> Discontinue(DecisionFactor reason, string? note, string actor, DateTimeOffset now)
    {
        if (CaseStages.IsFinal(Stage))
        {
            return new MatchingError("case-closed", $"The case ended at {Stage}; it moves no further.");
        }

        return this with { Steps = Steps.Append(new CaseStep(CaseStage.Discontinued, now, actor, null, reason, note)).ToArray() };
    }
}
