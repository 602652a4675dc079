namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>The coverage that applies, the guaranteed amount, and the rule that set them, worded for a bank officer.</summary>
public sealed record CoverageResult(
    decimal Coverage,
    decimal GuaranteedAmount,
    decimal RuleCoverage,
    string ProgrammeCode,
    int BandIndex,
    string Reason);

/// <summary>The fee with each factor and the rule that set it.</summary>
public sealed record FeeResult(
    decimal AnnualRate,
    decimal InstalmentFactor,
    decimal Fee,
    string RateReason,
    string FactorReason,
    string Reason);

public static class CoverageCalculator
{
    /// <summary>
    /// Coverage = the band's coverage for the loan amount in its programme, lowered to the requested coverage if the
    /// bank asked for less (never above either). Guaranteed amount = loan × coverage, rounded down to the fen.
    /// The request must have passed <see cref="LoanRequest.Validate"/>.
    /// </summary>
    public static CoverageResult Compute(GuaranteeConfiguration config, LoanRequest request)
    {
        var programme = config.FindProgramme(request.Programme)
            ?? throw new ArgumentException($"Unknown programme '{request.Programme}'.", nameof(request));
        var (band, index) = BandFor(programme, request.LoanAmount);
        var coverage = Math.Min(band.Coverage, request.RequestedCoverage);
        var guaranteed = Money.TruncateToFen(request.LoanAmount * coverage);
        var rule = $"loans {BandWords(programme, index)} in the {programme.Name}";
        var reason = coverage < band.Coverage
            ? $"Coverage {Money.Percent(coverage)}: the bank requested {Money.Percent(coverage)}, below the {Money.Percent(band.Coverage)} allowed for {rule}"
            : $"Coverage {Money.Percent(coverage)}: {rule}";
        reason += $". Guaranteed amount {Money.FormatFen(guaranteed)} = {Money.Format(request.LoanAmount)} × {Money.Percent(coverage)}, rounded down to the fen.";
        return new CoverageResult(coverage, guaranteed, band.Coverage, programme.Code, index, reason);
    }

    public static (CoverageBand Band, int Index) BandFor(CoverageProgramme programme, decimal loanAmount)
    {
        for (var i = 0; i < programme.Bands.Count; i++)
        {
            if (programme.Bands[i].UpToLoanAmount is not { } upTo || loanAmount <= upTo)
            {
                return (programme.Bands[i], i);
            }
        }

        throw new ArgumentException("The programme's last band must be open.", nameof(programme));
    }

    private static string BandWords(CoverageProgramme programme, int index)
    {
        var upTo = programme.Bands[index].UpToLoanAmount;
        var above = index > 0 ? programme.Bands[index - 1].UpToLoanAmount : null;
        return (above, upTo) switch
        {
            (null, null) => "of any amount",
            (null, { } u) => $"up to {Money.Format(u)}",
            ({ } a, null) => $"above {Money.Format(a)}",
            ({ } a, { } u) => $"above {Money.Format(a)} up to {Money.Format(u)}",
        };
    }
}

public static class FeeCalculator
{
    /// <summary>
    /// Fee = annual rate(grade) × guaranteed amount × months / 12 × instalment factor, multiplied out at full precision,
    /// divided by 12 last, then rounded down to the fen (<see cref="Money"/>).
    /// </summary>
    public static FeeResult Compute(GuaranteeConfiguration config, RiskGrade grade, decimal guaranteedAmount, int termMonths, InstalmentPlan plan)
    {
        var rate = config.Fees.RateOf(grade);
        var (factor, factorReason) = InstalmentFactor(config.Instalments, plan);
        var fee = Money.TruncateToFen(rate * guaranteedAmount * termMonths * factor / 12m);
        var rateReason = grade.Number is { } n
            ? $"{Money.Percent(rate)} a year for risk grade {n} of 9"
            : $"{Money.Percent(rate)} a year, the rate for an enterprise without a balance sheet";
        var reason = $"Fee {Money.FormatFen(fee)} = {Money.Percent(rate)} ({(grade.Number is { } g ? $"grade {g}" : "no balance sheet")}) × {Money.FormatFen(guaranteedAmount)} guaranteed × {termMonths}/12 years × {Money.Number(factor)} ({factorReason}), rounded down to the fen.";
        return new FeeResult(rate, factor, fee, rateReason, factorReason, reason);
    }

    public static (decimal Factor, string Reason) InstalmentFactor(InstalmentFactors factors, InstalmentPlan plan)
    {
        if (plan.Type == InstalmentType.Bullet)
        {
            return (factors.Bullet, "repaid in one sum at maturity");
        }

        var lower = 2;
        foreach (var band in factors.EqualInstalments)
        {
            if (band.UpToInstalments is not { } upTo)
            {
                return (band.Factor, $"{plan.Instalments} equal instalments, band {lower} or more");
            }

            if (plan.Instalments <= upTo)
            {
                return (band.Factor, $"{plan.Instalments} equal instalments, band {lower}–{upTo}");
            }

            lower = upTo + 1;
        }

        throw new ArgumentException("The last instalment band must be open.", nameof(factors));
    }
}
