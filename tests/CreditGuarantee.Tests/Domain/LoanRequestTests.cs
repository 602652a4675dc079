using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

public sealed class LoanRequestTests
{
    private static Dictionary<string, string[]> Validate(LoanRequest request) => LoanRequest.Validate(TestData.Config, request);

    [Fact]
    public void The_worked_example_is_valid() => Assert.Empty(Validate(TestData.Loan));

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var errors = Validate(new LoanRequest(-1m, 0, "premium", 1.01m, new InstalmentPlan(InstalmentType.EqualInstalments, 1)));
        Assert.Equal(["instalments.instalments", "loanAmount", "programme", "requestedCoverage", "termMonths"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("standard, express", errors["programme"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.01, true)]
    [InlineData(0.001, false)]
    [InlineData(0, false)]
    public void Loan_amounts_are_positive_in_fen(double amount, bool valid) =>
        Assert.Equal(valid, !Validate(TestData.Loan with { LoanAmount = (decimal)amount }).ContainsKey("loanAmount"));

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.8525, true)]
    [InlineData(0.85251, false)]
    [InlineData(0.0, false)]
    public void Requested_coverage_is_a_fraction_with_at_most_four_decimals(double coverage, bool valid) =>
        Assert.Equal(valid, !Validate(TestData.Loan with { RequestedCoverage = (decimal)coverage }).ContainsKey("requestedCoverage"));

    [Theory]
    [InlineData(InstalmentType.Bullet, 1, 24, true)]
    [InlineData(InstalmentType.Bullet, 2, 24, false)]
    [InlineData(InstalmentType.EqualInstalments, 2, 24, true)]
    [InlineData(InstalmentType.EqualInstalments, 24, 24, true)]
    [InlineData(InstalmentType.EqualInstalments, 25, 24, false)]
    [InlineData(InstalmentType.EqualInstalments, 1, 24, false)]
    public void Instalments_fit_the_plan_and_the_term(InstalmentType type, int instalments, int term, bool valid) =>
        Assert.Equal(valid, Validate(TestData.Loan with { TermMonths = term, Instalments = new InstalmentPlan(type, instalments) }).Count == 0);

    [Theory]
    [InlineData(1, true)]
    [InlineData(360, true)]
    [InlineData(361, false)]
    public void Terms_run_from_one_month_to_thirty_years(int months, bool valid) =>
        Assert.Equal(valid, !Validate(TestData.Loan with { TermMonths = months, Instalments = InstalmentPlan.Bullet }).ContainsKey("termMonths"));
}
