namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// Checks a configuration before it is saved as a new version; returns every error at once, keyed by the field's
/// path ("fees.annualRateByGrade[3]"), so the fund administrator's form can point at each one.
/// </summary>
public static partial class GuaranteeConfigurationValidator
{
    public static Dictionary<string, string[]> Validate(GuaranteeConfiguration config)
    {
        var errors = new Errors();

        if (string.IsNullOrWhiteSpace(config.Id))
        {
            errors.Add("id", "A configuration id is required.");
        }

        if (config.Version < 1)
        {
            errors.Add("version", "The version starts at 1.");
        }

        ValidateFund(config.Fund, errors);
        ValidateAgreements(config.PartnerAgreements, errors);
        ValidateConcentration(config.Concentration, errors);
        ValidateCoverage(config.CoverageProgrammes, errors);
        ValidateFees(config.Fees, errors);
        ValidateInstalments(config.Instalments, errors);
        ValidateGrading(config.Grading, errors);
        ValidateWorkflow(config.Workflow, errors);
        return errors.ToDictionary();
    }

    private static void ValidateFund(FundLimits fund, Errors errors)
    {
        Positive(fund.Capital, "fund.capital", "Fund capital", errors);
        if (fund.LeverageMultiple <= 0)
        {
            errors.Add("fund.leverageMultiple", "The leverage multiple must be greater than zero.");
        }

        Positive(fund.EnterpriseCeiling, "fund.enterpriseCeiling", "The per-enterprise ceiling", errors);
        if (fund.Capital > 0 && fund.LeverageMultiple > 0 && fund.EnterpriseCeiling > fund.GuaranteeCapacity)
        {
            errors.Add("fund.enterpriseCeiling", $"The per-enterprise ceiling cannot exceed the fund's capacity (capital × multiple = {Money.Format(fund.GuaranteeCapacity)}).");
        }
    }

    private static void ValidateAgreements(IReadOnlyList<PartnerAgreement> agreements, Errors errors)
    {
        for (var i = 0; i < agreements.Count; i++)
        {
            var a = agreements[i];
            var path = $"partnerAgreements[{i}]";
            if (string.IsNullOrWhiteSpace(a.BankId))
            {
                errors.Add($"{path}.bankId", "The bank is required.");
            }

            Positive(a.Cap, $"{path}.cap", "The bank cap", errors);
            if (a.End is { } end && end < a.Start)
            {
                errors.Add($"{path}.end", "The agreement cannot end before it starts.");
            }

            for (var j = 0; j < i; j++)
            {
                var b = agreements[j];
                if (b.BankId == a.BankId && a.Start <= (b.End ?? DateOnly.MaxValue) && b.Start <= (a.End ?? DateOnly.MaxValue))
                {
                    errors.Add($"{path}.start", $"Overlaps partnerAgreements[{j}] of the same bank: one agreement per bank at a time.");
                }
            }
        }
    }

    private static void ValidateConcentration(ConcentrationLimits limits, Errors errors)
    {
        Share(limits.DefaultIndustrySectionShare, "concentration.defaultIndustrySectionShare", errors);
        foreach (var (section, share) in limits.IndustrySectionShares)
        {
            if (section is < 'A' or > 'T')
            {
                errors.Add($"concentration.industrySectionShares.{section}", $"'{section}' is not a GB/T 4754 section (A–T).");
            }

            Share(share, $"concentration.industrySectionShares.{section}", errors);
        }

        Share(limits.DefaultWardShare, "concentration.defaultWardShare", errors);
        foreach (var (ward, share) in limits.WardShares)
        {
            Share(share, $"concentration.wardShares.{ward}", errors);
        }

        if (limits.AppliesFromOutstanding < 0)
        {
            errors.Add("concentration.appliesFromOutstanding", "Cannot be negative.");
        }
    }

    private static void ValidateCoverage(IReadOnlyList<CoverageProgramme> programmes, Errors errors)
    {
        if (!programmes.Any(p => p.Code == GuaranteeConfiguration.StandardProgramme))
        {
            errors.Add("coverageProgrammes", $"The '{GuaranteeConfiguration.StandardProgramme}' programme is required.");
        }

        for (var i = 0; i < programmes.Count; i++)
        {
            var programme = programmes[i];
            var path = $"coverageProgrammes[{i}]";
            if (string.IsNullOrWhiteSpace(programme.Code))
            {
                errors.Add($"{path}.code", "A programme code is required.");
            }
            else if (programmes.Take(i).Any(p => string.Equals(p.Code, programme.Code, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{path}.code", $"Programme '{programme.Code}' appears twice.");
            }

            if (programme.Bands.Count == 0)
            {
                errors.Add($"{path}.bands", "At least one band is required.");
                continue;
            }

            for (var j = 0; j < programme.Bands.Count; j++)
            {
                var band = programme.Bands[j];
                var bandPath = $"{path}.bands[{j}]";
                if (band.Coverage is <= 0 or > 1)
                {
                    errors.Add($"{bandPath}.coverage", "Coverage is a fraction above 0 and at most 1 (0.85 for 85%).");
                }

                var isLast = j == programme.Bands.Count - 1;
                if (isLast && band.UpToLoanAmount is not null)
                {
                    errors.Add($"{bandPath}.upToLoanAmount", "The last band must be open (no upper bound), so that every loan amount has a band.");
                }
                else if (!isLast && band.UpToLoanAmount is null)
                {
                    errors.Add($"{bandPath}.upToLoanAmount", "Only the last band may be open; bands are contiguous and ascending.");
                }
                else if (band.UpToLoanAmount is { } upTo)
                {
                    if (upTo <= 0)
                    {
                        errors.Add($"{bandPath}.upToLoanAmount", "The upper bound must be greater than zero.");
                    }
                    else if (j > 0 && programme.Bands[j - 1].UpToLoanAmount is { } previous && upTo <= previous)
                    {
                        errors.Add($"{bandPath}.upToLoanAmount", $"Bands must ascend: {Money.Format(upTo)} is not above the previous bound {Money.Format(previous)}.");
                    }
                }
            }
        }
    }

    private static void ValidateFees(FeeSchedule fees, Errors errors)
    {
        if (fees.AnnualRateByGrade.Count != FeeSchedule.Grades)
        {
            errors.Add("fees.annualRateByGrade", $"Exactly {FeeSchedule.Grades} rates are needed, one per grade.");
        }

        for (var i = 0; i < fees.AnnualRateByGrade.Count; i++)
        {
            var rate = fees.AnnualRateByGrade[i];
            if (rate is <= 0 or >= 0.10m)
            {
                errors.Add($"fees.annualRateByGrade[{i}]", $"Grade {i + 1}: a rate is a fraction above 0 and below 0.10 (0.0115 for 1.15%).");
            }
            else if (i > 0 && rate <= fees.AnnualRateByGrade[i - 1])
            {
                errors.Add($"fees.annualRateByGrade[{i}]", $"Rates must ascend by grade: grade {i + 1} ({Money.Percent(rate)}) is not above grade {i} ({Money.Percent(fees.AnnualRateByGrade[i - 1])}).");
            }
        }

        if (fees.NoBalanceSheetRate is <= 0 or >= 0.10m)
        {
            errors.Add("fees.noBalanceSheetRate", "A rate is a fraction above 0 and below 0.10.");
        }
    }

    private static void ValidateInstalments(InstalmentFactors factors, Errors errors)
    {
        Factor(factors.Bullet, "instalments.bullet", errors);
        var bands = factors.EqualInstalments;
        if (bands.Count == 0)
        {
            errors.Add("instalments.equalInstalments", "At least one band is required.");
        }

        for (var i = 0; i < bands.Count; i++)
        {
            var path = $"instalments.equalInstalments[{i}]";
            Factor(bands[i].Factor, $"{path}.factor", errors);
            if (i > 0 && bands[i].Factor > bands[i - 1].Factor)
            {
                errors.Add($"{path}.factor", "A plan with more instalments cannot have a higher factor: its balance falls faster.");
            }

            var isLast = i == bands.Count - 1;
            if (isLast != (bands[i].UpToInstalments is null))
            {
                errors.Add($"{path}.upToInstalments", "Bands ascend and only the last one is open (no upper bound).");
            }
            else if (bands[i].UpToInstalments is { } upTo && (upTo < 2 || (i > 0 && bands[i - 1].UpToInstalments is { } previous && upTo <= previous)))
            {
                errors.Add($"{path}.upToInstalments", "Bounds are at least 2 and ascend.");
            }
        }
    }
}

/// <summary>Field errors gathered in order; several messages per field are kept.</summary>
internal sealed class Errors
{
    private readonly Dictionary<string, List<string>> byField = [];

    public int Count => byField.Count;

    public void Add(string field, string message)
    {
        if (!byField.TryGetValue(field, out var messages))
        {
            byField[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => byField.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
