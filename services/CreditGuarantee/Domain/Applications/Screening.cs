namespace SmePlatform.CreditGuarantee.Domain;

public enum RegistrationStatus
{
    NotRegistered,
    Active,

    /// <summary>Registered but deregistered, suspended or in liquidation.</summary>
    Inactive,
}

public enum SizeClass
{
    Micro,
    Small,
    Medium,
    Large,
}

/// <summary>The application being screened: who, where, at which bank, when.</summary>
public sealed record ScreeningSubject(Guid ApplicationId, string BankId, DateOnly SubmittedOn, char IndustrySection, string Ward);

/// <summary>Another application for the same borrower at any bank (the service finds them by enterprise).</summary>
public sealed record OtherApplication(Guid ApplicationId, string BankId, DateOnly SubmittedOn, ApplicationState State);

/// <summary>Outstanding guaranteed amounts today, before the new guarantee.</summary>
public sealed record ExposureSnapshot(decimal Fund, decimal Enterprise, decimal Bank, decimal IndustrySection, decimal Ward);

/// <summary>Facts the service gathers (register over gRPC, its own database) for screening; the rules are pure.</summary>
/// <param name="SizeClassNotProvided">
/// True when the register answered without any classification (a register from before size classes were served over
/// gRPC), as opposed to a class its rule set could not give: the SME rule is then reported as not verified
/// automatically, and passes so that an examiner confirms SME status by hand instead of every application being
/// declined for a fact nobody can supply.
/// </param>
public sealed record ScreeningFacts(
    RegistrationStatus Registration,
    SizeClass? SizeClass,
    string SizeRuleSetId,
    bool InDefaultAnywhere,
    IReadOnlyList<OtherApplication> OtherApplications,
    ExposureSnapshot Exposure,
    bool SizeClassNotProvided = false);

/// <summary>One rule's outcome; <see cref="Code"/> is stable (APIs, events, statistics), <see cref="Text"/> for people.</summary>
public sealed record ScreeningCheck(string Code, bool Passed, string Text);

public sealed record ScreeningResult(IReadOnlyList<ScreeningCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);

    public IReadOnlyList<ScreeningCheck> Failures => [.. Checks.Where(c => !c.Passed)];
}

/// <summary>Stable codes of the screening and limit rules.</summary>
public static class ScreeningCodes
{
    public const string Registered = "enterprise.registered";
    public const string Active = "enterprise.active";
    public const string Sme = "enterprise.sme";
    public const string NotInDefault = "enterprise.not_in_default";
    public const string NoSplitting = "application.no_split";
    public const string EnterpriseCeiling = "limit.enterprise_ceiling";
    public const string FundLeverage = "limit.fund_leverage";
    public const string BankAgreement = "limit.bank_agreement";
    public const string BankCap = "limit.bank_cap";
    public const string IndustryConcentration = "limit.industry_concentration";
    public const string WardConcentration = "limit.ward_concentration";
}

/// <summary>
/// Automatic screening: eligibility (registered, active, SME, not in default, not a split application) and every
/// limit with the new guaranteed amount added. Every rule is reported, passed or failed, so the decision can show
/// the limits check in full.
/// </summary>
public static class Screening
{
    /// <summary>Applications in these states do not count towards splitting: they never became guarantees.</summary>
    public static readonly IReadOnlySet<ApplicationState> NotCountingForSplitting =
        new HashSet<ApplicationState> { ApplicationState.Declined, ApplicationState.Withdrawn };

    public static ScreeningResult Screen(GuaranteeConfiguration config, ScreeningSubject subject, ScreeningFacts facts, decimal guaranteedAmount) =>
        new([.. Eligibility(config, subject, facts).Checks, .. Limits(config, subject, facts.Exposure, guaranteedAmount).Checks]);

    public static ScreeningResult Eligibility(GuaranteeConfiguration config, ScreeningSubject subject, ScreeningFacts facts)
    {
        var checks = new List<ScreeningCheck>
        {
            new(ScreeningCodes.Registered, facts.Registration != RegistrationStatus.NotRegistered,
                facts.Registration == RegistrationStatus.NotRegistered
                    ? "The enterprise is not in the register; it must register at a one-stop counter first."
                    : "The enterprise is in the register."),
        };
        if (facts.Registration != RegistrationStatus.NotRegistered)
        {
            checks.Add(new(ScreeningCodes.Active, facts.Registration == RegistrationStatus.Active,
                facts.Registration == RegistrationStatus.Active
                    ? "The enterprise is active."
                    : "The enterprise is deregistered, suspended or in liquidation."));
        }

        var isSme = facts.SizeClass is SizeClass.Micro or SizeClass.Small or SizeClass.Medium;
        var sizeText = facts.SizeClass switch
        {
            null when facts.SizeClassNotProvided =>
                "Not verified automatically: the register does not provide the enterprise's size class yet; the examiner confirms that it is an SME.",
            null => $"The enterprise has no size class under rule set {facts.SizeRuleSetId} (the rule set does not cover its industry or figures); it cannot be confirmed as an SME.",
            SizeClass.Large => $"The enterprise is large under rule set {facts.SizeRuleSetId}; the fund guarantees SMEs only.",
            { } size => $"The enterprise is {size.ToString().ToLowerInvariant()} under rule set {facts.SizeRuleSetId}.",
        };
        checks.Add(new(ScreeningCodes.Sme, isSme || (facts.SizeClass is null && facts.SizeClassNotProvided), sizeText));
        checks.Add(new(ScreeningCodes.NotInDefault, !facts.InDefaultAnywhere, facts.InDefaultAnywhere
            ? "The enterprise is in default on a guaranteed loan."
            : "The enterprise is not in default on any guaranteed loan."));

        var window = config.Workflow.AntiSplittingWindowDays;
        var from = subject.SubmittedOn.AddDays(-window);
        var splits = facts.OtherApplications
            .Where(o => o.ApplicationId != subject.ApplicationId
                && !NotCountingForSplitting.Contains(o.State)
                && o.SubmittedOn >= from && o.SubmittedOn <= subject.SubmittedOn)
            .ToList();
        checks.Add(new(ScreeningCodes.NoSplitting, splits.Count == 0, splits.Count == 0
            ? $"No other application for this enterprise at any bank in the {window} days before {subject.SubmittedOn:yyyy-MM-dd}."
            : $"The enterprise has {splits.Count} other application(s) submitted within {window} days (from {from:yyyy-MM-dd}): "
              + string.Join("; ", splits.Select(s => $"{s.ApplicationId} at {s.BankId} on {s.SubmittedOn:yyyy-MM-dd}"))
              + ". Splitting a loan across applications is not allowed; combine them into one."));
        return new ScreeningResult(checks);
    }

    /// <summary>Every cap with the new guaranteed amount added to today's outstanding guarantees.</summary>
    public static ScreeningResult Limits(GuaranteeConfiguration config, ScreeningSubject subject, ExposureSnapshot exposure, decimal guaranteedAmount)
    {
        var checks = new List<ScreeningCheck>();
        var fund = config.Fund;

        var enterpriseAfter = exposure.Enterprise + guaranteedAmount;
        checks.Add(Cap(ScreeningCodes.EnterpriseCeiling, "The enterprise's outstanding guarantees", enterpriseAfter, fund.EnterpriseCeiling, "per-enterprise ceiling"));

        var fundAfter = exposure.Fund + guaranteedAmount;
        checks.Add(Cap(ScreeningCodes.FundLeverage, "The fund's outstanding guarantees", fundAfter, fund.GuaranteeCapacity,
            $"leverage limit (capital {Money.Format(fund.Capital)} × {Money.Number(fund.LeverageMultiple)})"));

        var agreement = config.AgreementOf(subject.BankId, subject.SubmittedOn);
        if (agreement is null)
        {
            checks.Add(new(ScreeningCodes.BankAgreement, false, $"Bank {subject.BankId} has no partner agreement in force on {subject.SubmittedOn:yyyy-MM-dd}."));
        }
        else
        {
            checks.Add(new(ScreeningCodes.BankAgreement, true,
                $"Bank {subject.BankId}'s partner agreement is in force ({agreement.Start:yyyy-MM-dd} to {(agreement.End is { } e ? e.ToString("yyyy-MM-dd", null) : "open-ended")})."));
            checks.Add(Cap(ScreeningCodes.BankCap, $"Bank {subject.BankId}'s outstanding guarantees", exposure.Bank + guaranteedAmount, agreement.Cap, "bank cap"));
        }

        var limits = config.Concentration;
        checks.Add(Share(ScreeningCodes.IndustryConcentration, $"Industry section {subject.IndustrySection}",
            exposure.IndustrySection + guaranteedAmount, fundAfter, limits.IndustrySectionLimit(subject.IndustrySection), limits.AppliesFromOutstanding));
        checks.Add(Share(ScreeningCodes.WardConcentration, $"Ward {subject.Ward}",
            exposure.Ward + guaranteedAmount, fundAfter, limits.WardLimit(subject.Ward), limits.AppliesFromOutstanding));
        return new ScreeningResult(checks);
    }

    private static ScreeningCheck Cap(string code, string what, decimal after, decimal cap, string capName) =>
        after <= cap
            ? new(code, true, $"{what} would be {Money.FormatFen(after)}, within the {capName} of {Money.Format(cap)}.")
            : new(code, false, $"{what} would be {Money.FormatFen(after)}, above the {capName} of {Money.Format(cap)} by {Money.FormatFen(after - cap)}.");

    private static ScreeningCheck Share(string code, string what, decimal after, decimal fundAfter, decimal limit, decimal appliesFrom)
    {
        if (fundAfter < appliesFrom)
        {
            return new(code, true, $"{what}: concentration limits apply once the fund's outstanding guarantees reach {Money.Format(appliesFrom)} (they would be {Money.FormatFen(fundAfter)}).");
        }

        var share = after / fundAfter;
        var shown = Money.Percent(decimal.Round(share, 4));
        return after <= limit * fundAfter
            ? new(code, true, $"{what} would hold {shown} of outstanding guarantees, within its limit of {Money.Percent(limit)}.")
            : new(code, false, $"{what} would hold {shown} of outstanding guarantees, above its limit of {Money.Percent(limit)}.");
    }
}

/// <summary>
/// What a bank may read of a screening check. A bank sees its own figures (its agreement, its cap) and its own
/// application's, never another bank's applications nor the fund's totals or concentration (docs/partner-bank-api.md):
/// the checks that weigh those say to the bank only whether they passed. Derived from the code and the outcome alone,
/// so screenings stored before this rule read the same way.
/// </summary>
public static class BankDisclosure
{
    /// <summary>The checks whose full text weighs other banks' business or the fund's totals.</summary>
    public static readonly IReadOnlySet<string> FundOnly = new HashSet<string>
    {
        ScreeningCodes.NoSplitting, ScreeningCodes.EnterpriseCeiling, ScreeningCodes.FundLeverage, ScreeningCodes.IndustryConcentration,
        ScreeningCodes.WardConcentration,
    };

    public static ScreeningCheck ForBank(ScreeningCheck check) =>
        FundOnly.Contains(check.Code) ? check with { Text = Text(check.Code, check.Passed) } : check;

    public static string Text(string code, bool passed) => (code, passed) switch
    {
        (ScreeningCodes.NoSplitting, true) => "No other guarantee application for this enterprise within the fund's anti-splitting window.",
        (ScreeningCodes.NoSplitting, false) =>
            "The enterprise has another guarantee application within the fund's anti-splitting window. Splitting a loan across applications is not allowed; combine them into one.",
        (ScreeningCodes.EnterpriseCeiling, true) => "The enterprise's guarantees would be within the fund's per-enterprise ceiling.",
        (ScreeningCodes.EnterpriseCeiling, false) => "The enterprise's guarantees would be above the fund's per-enterprise ceiling.",
        (ScreeningCodes.FundLeverage, true) => "The fund has capacity for this guarantee.",
        (ScreeningCodes.FundLeverage, false) => "The fund has no capacity for this guarantee at present.",
        (ScreeningCodes.IndustryConcentration, true) => "Within the fund's concentration limit for the enterprise's industry.",
        (ScreeningCodes.IndustryConcentration, false) => "Above the fund's concentration limit for the enterprise's industry.",
        (ScreeningCodes.WardConcentration, true) => "Within the fund's concentration limit for the enterprise's ward.",
        (ScreeningCodes.WardConcentration, false) => "Above the fund's concentration limit for the enterprise's ward.",
        _ => passed ? "Passed." : "Not passed.",
    };
}
