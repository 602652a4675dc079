using System.Globalization;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The fund's portfolio (docs/guarantee-rules.md "Portfolio"): exposure and leverage used, by bank, ward, industry
/// section and risk grade; defaults, claims paid, recoveries and the net loss rate. City-wide figures for the fund's
/// staff and the SME Office; banks get none (they list their own applications; fund-level leverage and other banks'
/// shares are not theirs to see). Computed by SQL aggregates over this service's own tables, in decimal
/// (<see cref="PortfolioQueries"/>).
/// </summary>
public static class PortfolioEndpoints
{
    public const string Path = "/api/guarantee/portfolio";

    public static IEndpointRouteBuilder MapPortfolioEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, GetAsync).WithTags("Portfolio").WithName("GetGuaranteePortfolio")
            .RequireAccess("the fund's whole portfolio: fund staff, the SME Office and administrators", Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        return routes;
    }

    public sealed record Slice(string Key, int Guarantees, decimal Exposure, decimal ShareOfExposure);

    public sealed record PortfolioView(
        DateOnly AsOf,
        string Currency,
        decimal Exposure,
        int Guarantees,
        decimal FundCapital,
        decimal LeverageMultiple,
        decimal GuaranteeCapacity,
        decimal LeverageUsed,
        IReadOnlyList<Slice> ByBank,
        IReadOnlyList<Slice> ByWard,
        IReadOnlyList<Slice> ByIndustrySection,
        IReadOnlyList<Slice> ByRiskGrade,
        int GuaranteesIssued,
        decimal GuaranteesIssuedAmount,
        int Defaults,
        decimal DefaultedGuaranteedAmount,
        decimal ClaimsPaid,
        decimal Recoveries,
        decimal? NetLossRate,
        ConfigurationRef Configuration);

    internal static async Task<IResult> GetAsync(string? asOf, PortfolioQueries portfolio, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = ServiceClock.Today(clock.GetUtcNow());
        var date = today;
        if (asOf is not null && (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) || date > today))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = [$"A date (yyyy-MM-dd) not after today ({today:yyyy-MM-dd})."] },
                title: "The portfolio cannot be computed as asked.", type: ProblemDetailsDefaults.TypeBase + "validation");
        }

        // The end of the as-of day in Shenyang. Without a date the figures come from the live rows; with one (today included) from the audit trail.
        DateTimeOffset? until = asOf is null
            ? null
            : new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(date.AddDays(1).ToDateTime(TimeOnly.MinValue), ServiceClock.Zone), TimeSpan.Zero);
        var figures = await portfolio.ReadAsync(date, until, cancellationToken);
        var (config, slices, money, totals) = (figures.Configuration, figures.Slices, figures.Money, figures.Totals);

        var total = slices.Single(s => s.Dimension == "total");
        var capacity = config.Fund.GuaranteeCapacity;
        List<Slice> Of(string dimension) =>
        [
            .. slices.Where(s => s.Dimension == dimension)
                .OrderByDescending(s => s.Exposure).ThenBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new Slice(dimension == "grade" && int.TryParse(s.Key, CultureInfo.InvariantCulture, out var g) ? $"grade {g}" : s.Key,
                    s.Guarantees, s.Exposure, total.Exposure == 0 ? 0 : decimal.Round(s.Exposure / total.Exposure, 4))),
        ];

        return TypedResults.Ok(new PortfolioView(
            date, Money.Currency, total.Exposure, total.Guarantees, config.Fund.Capital, config.Fund.LeverageMultiple, capacity,
            LeverageUsed: decimal.Round(total.Exposure / capacity, 4),
            Of("bank"), Of("ward"), Of("section"), Of("grade"),
            totals.Issued, totals.IssuedAmount, totals.Defaults, totals.DefaultedAmount, money.ClaimsPaid, money.Recoveries,
            NetLossRate: totals.IssuedAmount == 0 ? null : decimal.Round((money.ClaimsPaid - money.Recoveries) / totals.IssuedAmount, 6),
            new ConfigurationRef(config.Id, config.Version)));
    }
}
