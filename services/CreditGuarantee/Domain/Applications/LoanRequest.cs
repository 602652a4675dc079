namespace SmePlatform.CreditGuarantee.Domain;

public enum InstalmentType
{
    /// <summary>The whole principal is repaid at maturity.</summary>
    Bullet,

    /// <summary>Principal repaid in equal instalments over the term, from the first period (no grace period).</summary>
    EqualInstalments,
}

/// <summary>How the loan is repaid: a bullet has 1 instalment; equal instalments at least 2, at most one a month.</summary>
public sealed record InstalmentPlan(InstalmentType Type, int Instalments)
{
    public static InstalmentPlan Bullet { get; } = new(InstalmentType.Bullet, 1);

    public static InstalmentPlan Monthly(int termMonths) => new(InstalmentType.EqualInstalments, termMonths);
}

/// <summary>The loan the bank asks the fund to guarantee part of. Coverage is a fraction (0.85 for 85%).</summary>
public sealed record LoanRequest(decimal LoanAmount, int TermMonths, string Programme, decimal RequestedCoverage, InstalmentPlan Instalments)
{
    public const int MaxTermMonths = 360;

    /// <summary>Every error at once, keyed by the field a bank must fix.</summary>
    public static Dictionary<string, string[]> Validate(GuaranteeConfiguration config, LoanRequest request)
    {
        var errors = new Errors();
        if (request.LoanAmount <= 0)
        {
            errors.Add("loanAmount", "The loan amount must be greater than zero.");
        }
        else if (request.LoanAmount > Money.MaxAmount)
        {
            errors.Add("loanAmount", $"A loan of {Money.Format(request.LoanAmount)} is beyond any SME loan; check the amount and its unit (CNY).");
        }
        else if (!Money.HasAtMostTwoDecimals(request.LoanAmount))
        {
            errors.Add("loanAmount", "The loan amount has at most two decimals (fen).");
        }

        if (request.TermMonths is < 1 or > MaxTermMonths)
        {
            errors.Add("termMonths", $"The term is 1 to {MaxTermMonths} months.");
        }

        if (config.FindProgramme(request.Programme) is null)
        {
            errors.Add("programme", $"'{request.Programme}' is not a programme; use one of: {string.Join(", ", config.CoverageProgrammes.Select(p => p.Code))}.");
        }

        if (request.RequestedCoverage is <= 0 or > 1)
        {
            errors.Add("requestedCoverage", "Requested coverage is a fraction above 0 and at most 1 (0.85 for 85%).");
        }
        else if (decimal.Round(request.RequestedCoverage, 4) != request.RequestedCoverage)
        {
            errors.Add("requestedCoverage", "Requested coverage has at most four decimals (0.8525 for 85.25%).");
        }

        var plan = request.Instalments;
        switch (plan.Type)
        {
            case InstalmentType.Bullet when plan.Instalments != 1:
                errors.Add("instalments.instalments", "A bullet loan is repaid in exactly 1 instalment.");
                break;
            case InstalmentType.EqualInstalments when plan.Instalments < 2:
                errors.Add("instalments.instalments", "Equal instalments means at least 2 instalments; use a bullet for one repayment.");
                break;
            case InstalmentType.EqualInstalments when request.TermMonths >= 1 && plan.Instalments > request.TermMonths:
                errors.Add("instalments.instalments", $"At most one instalment a month: {request.TermMonths} over a {request.TermMonths}-month term.");
                break;
            case InstalmentType.Bullet or InstalmentType.EqualInstalments:
                break;
            default:
                errors.Add("instalments.type", "The instalment type is Bullet or EqualInstalments.");
                break;
        }

        return errors.ToDictionary();
    }
}
