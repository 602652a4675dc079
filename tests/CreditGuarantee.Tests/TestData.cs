using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests;

/// <summary>The worked examples of docs/guarantee-rules.md and the facts around them.</summary>
public static class TestData
{
    public const string BankA = "bank-a";
    public const string BankB = "bank-b";

    /// <summary>The preset with two partner banks: bank-a capped at CNY 50 M for 2026, bank-b open-ended from 2025 at CNY 20 M.</summary>
    public static GuaranteeConfiguration Config { get; } = GuaranteeConfiguration.Preset with
    {
        Id = "cgf-test",
        Version = 3,
        PartnerAgreements =
        [
            new(BankA, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 50_000_000m),
            new(BankB, new DateOnly(2025, 1, 1), null, 20_000_000m),
        ],
    };

    public static readonly DateOnly Today = new(2026, 3, 16);

    public static FinancialStatement Year2023 { get; } = new(2023, Sales: 10_000_000m, OperatingProfit: 600_000m, NetProfit: 400_000m,
        Depreciation: 200_000m, Receivables: 1_500_000m, Inventory: 1_000_000m, Payables: 800_000m, Cash: 500_000m,
        Borrowings: 2_000_000m, TotalAssets: 8_000_000m, NetAssets: 2_400_000m);

    public static FinancialStatement Year2024 { get; } = new(2024, Sales: 11_000_000m, OperatingProfit: 700_000m, NetProfit: 480_000m,
        Depreciation: 220_000m, Receivables: 1_600_000m, Inventory: 1_100_000m, Payables: 850_000m, Cash: 600_000m,
        Borrowings: 2_000_000m, TotalAssets: 8_500_000m, NetAssets: 2_880_000m);

    public static FinancialStatement Year2025 { get; } = new(2025, Sales: 12_000_000m, OperatingProfit: 800_000m, NetProfit: 560_000m,
        Depreciation: 240_000m, Receivables: 1_700_000m, Inventory: 1_150_000m, Payables: 900_000m, Cash: 900_000m,
        Borrowings: 2_100_000m, TotalAssets: 9_000_000m, NetAssets: 3_440_000m);

    /// <summary>Shenyang Precision Machinery: grade 2 from these three years (worked example 1).</summary>
    public static IReadOnlyList<FinancialStatement> ThreeYears { get; } = [Year2025, Year2023, Year2024];

    /// <summary>Worked example 2: CNY 1,200,000 over 24 months in 24 equal instalments, 90% requested.</summary>
    public static LoanRequest Loan { get; } = new(1_200_000m, 24, GuaranteeConfiguration.StandardProgramme, 0.90m, InstalmentPlan.Monthly(24));

    public static ScreeningSubject Subject { get; } = new(Guid.Parse("0195f2a0-0000-7000-8000-000000000001"), BankA, Today, 'C', "tiexi");

    public static ExposureSnapshot Exposure { get; } = new(Fund: 60_000_000m, Enterprise: 0m, Bank: 10_000_000m, IndustrySection: 20_000_000m, Ward: 15_000_000m);

    public static ScreeningFacts Facts { get; } = new(RegistrationStatus.Active, SizeClass.Small, "cn-2003", false, [], Exposure);

    public static DecisionInput DecisionInput { get; } = new(Loan, ThreeYears, new LatestDiagnosis(DiagnosisBand.B, new DateOnly(2025, 9, 1), true),
        Subject, Exposure, [new ProposedCondition("The owner's personal guarantee is signed.", "Borrowings exceed one year of operating cash flow.")], Today);
}
