namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// One cap as an examiner weighs an application against it: what is used today (before this application), the cap,
/// and the headroom: the largest further guaranteed amount the cap admits. Amounts in CNY. <see cref="Cap"/> and
/// <see cref="Headroom"/> are null when there is no cap (no partner agreement in force, or a share limit of 100%).
/// <see cref="LimitShare"/> is set for the concentration limits, whose cap is a share of the fund's outstanding
/// guarantees; <see cref="Applies"/> is false while the fund is below the size from which they apply.
/// </summary>
public sealed record ExposureLine(string Code, string Name, decimal Used, decimal? Cap, decimal? Headroom, decimal? LimitShare, bool Applies, string Text);

public static class ExposureHeadroom
{
    /// <summary>
    /// The caps <see cref="Screening.Limits"/> checks, as used / cap / headroom for <paramref name="subject"/>'s
    /// enterprise, bank, industry section and ward and the fund's leverage, from today's <paramref name="exposure"/>
    /// (which excludes the application itself). Headroom is rounded down to the fen so that it never overstates room.
    /// </summary>
    public static IReadOnlyList<ExposureLine> For(GuaranteeConfiguration config, ScreeningSubject subject, ExposureSnapshot exposure)
    {
        var fund = config.Fund;
        var lines = new List<ExposureLine>
        {
            Cap(ScreeningCodes.EnterpriseCeiling, "Enterprise ceiling", exposure.Enterprise, fund.EnterpriseCeiling),
        };

        var agreement = config.AgreementOf(subject.BankId, subject.SubmittedOn);
        lines.Add(agreement is null
            ? new(ScreeningCodes.BankCap, $"Bank {subject.BankId}", exposure.Bank, null, null, null, Applies: true,
                $"Bank {subject.BankId} has no partner agreement in force on {subject.SubmittedOn:yyyy-MM-dd}: nothing can be approved for it.")
            : Cap(ScreeningCodes.BankCap, $"Bank {subject.BankId}", exposure.Bank, agreement.Cap));

        var limits = config.Concentration;
        var applies = exposure.Fund >= limits.AppliesFromOutstanding;
        lines.Add(Share(ScreeningCodes.IndustryConcentration, $"Industry section {subject.IndustrySection}", exposure.IndustrySection, exposure.Fund,
            limits.IndustrySectionLimit(subject.IndustrySection), applies, limits.AppliesFromOutstanding));
        lines.Add(Share(ScreeningCodes.WardConcentration, $"Ward {subject.Ward}", exposure.Ward, exposure.Fund, limits.WardLimit(subject.Ward), applies,
            limits.AppliesFromOutstanding));
        lines.Add(Cap(ScreeningCodes.FundLeverage, $"Fund leverage (capital {Money.Format(fund.Capital)} × {Money.Number(fund.LeverageMultiple)})",
            exposure.Fund, fund.GuaranteeCapacity));
        return lines;
    }

    private static ExposureLine Cap(string code, string name, decimal used, decimal cap)
    {
        var headroom = Fen(cap - used);
        return new(code, name, used, cap, headroom, null, Applies: true,
            $"{name}: {Money.FormatFen(used)} used of {Money.Format(cap)}; {Money.FormatFen(headroom)} left.");
    }

    /// <summary>
    /// A share limit L of the fund's outstanding F holds a group's X + g ≤ L × (F + g) for a new guarantee g, so the
    /// headroom is (L × F − X) ÷ (1 − L): adding to the group also grows the fund it is a share of.
    /// </summary>
    private static ExposureLine Share(string code, string name, decimal used, decimal fund, decimal limit, bool applies, decimal appliesFrom)
    {
        if (limit >= 1m)
        {
            return new(code, name, used, null, null, limit, applies, $"{name}: {Money.FormatFen(used)} used; no concentration limit.");
        }

        var cap = limit * fund;
        var headroom = Fen((cap - used) / (1m - limit));
        var share = fund == 0 ? "no" : Money.Percent(decimal.Round(used / fund, 4));
        var text = $"{name}: {Money.FormatFen(used)} used ({share} of outstanding guarantees), limit {Money.Percent(limit)}; {Money.FormatFen(headroom)} more keeps it within the limit.";
        return new(code, name, used, Fen(cap), headroom, limit, applies,
            applies ? text : text + $" The limit applies once the fund's outstanding guarantees reach {Money.Format(appliesFrom)}.");
    }

    private static decimal Fen(decimal amount) => Math.Max(0m, decimal.Floor(amount * 100m) / 100m);
}
