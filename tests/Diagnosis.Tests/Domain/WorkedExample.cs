using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Scoring;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Tests.Domain;

/// <summary>The worked example of docs/diagnosis-rules.md: a machinery maker's FY2024 and FY2025, and the preset rules.</summary>
public static class WorkedExample
{
    public static readonly FinancialStatement Fy2024 = new(
        FiscalYear: 2024, Sales: 10_000_000m, CostOfSales: 7_500_000m, OperatingProfit: 600_000m, NetProfit: 450_000m, Depreciation: 200_000m,
        Receivables: 1_500_000m, Inventory: 1_000_000m, Payables: 800_000m, Cash: 900_000m, Borrowings: 3_000_000m,
        CurrentAssets: 3_600_000m, CurrentLiabilities: 2_400_000m, TotalAssets: 8_000_000m, NetAssets: 3_200_000m, Employees: 50,
        Opening: new OpeningBalances(1_400_000m, 1_050_000m, 700_000m));

    public static readonly FinancialStatement Fy2025 = new(
        FiscalYear: 2025, Sales: 11_000_000m, CostOfSales: 8_140_000m, OperatingProfit: 770_000m, NetProfit: 580_000m, Depreciation: 230_000m,
        Receivables: 1_650_000m, Inventory: 1_100_000m, Payables: 950_000m, Cash: 1_000_000m, Borrowings: 3_000_000m,
        CurrentAssets: 3_900_000m, CurrentLiabilities: 2_500_000m, TotalAssets: 8_500_000m, NetAssets: 3_780_000m, Employees: 55,
        TotalLiabilities: 4_720_000m);

    /// <summary>The preset band table as migration 0002 seeds it (the API test checks the two agree).</summary>
    public static readonly BandTable PresetBands = new("local-benchmark-preset", 1,
    [
        new("sales_growth", "*", BandDirection.HigherIsBetter, [0.10m, 0.03m, -0.02m, -0.10m], "assumption", true),
        new("operating_margin", "*", BandDirection.HigherIsBetter, [0.08m, 0.04m, 0.01m, -0.02m], "assumption", true),
        new("labour_productivity", "*", BandDirection.HigherIsBetter, [100_000m, 50_000m, 20_000m, 0m], "assumption", true),
        new("ebitda_debt_multiple", "*", BandDirection.LowerIsBetter, [1m, 3m, 6m, 10m], "assumption", true),
        new("working_capital_months", "*", BandDirection.LowerIsBetter, [-0.3m, 0.4m, 1.5m, 3.1m], "METI Local Benchmark", false),
        new("equity_ratio", "*", BandDirection.HigherIsBetter, [0.40m, 0.25m, 0.10m, 0m], "assumption", true),
    ]);

    public static readonly ProgrammeCatalogue PresetCatalogue = new(1, 2,
    [
        new("guarantee-restructuring", "ebitda_debt_multiple", "Guarantee restructuring", "担保重组", "credit-guarantee", false),
        new("cash-flow-coaching", "ebitda_debt_multiple", "Cash-flow coaching", "现金流辅导", "diagnosis", false),
        new("partnership-matching", "sales_growth", "Partnership matching", "合作伙伴对接", "partnership-matching", false),
        new("market-access", "sales_growth", "Market access", "市场开拓", "partnership-matching", false),
        new("technology-process-consulting", "labour_productivity", "Technology and process consulting", "技术与流程咨询", "diagnosis", false),
        new("receivables-inventory-training", "working_capital_months", "Receivables and inventory training", "应收账款与库存管理培训", "diagnosis", false),
        new("capital-guarantee-advice", "equity_ratio", "Capital and guarantee advice", "资本与担保咨询", "credit-guarantee", false),
        new("management-accounting-coaching", "operating_margin", "Management accounting coaching", "管理会计辅导", "diagnosis", true),
    ]);

    public static readonly DiagnosisRules PresetRules = new(PresetBands, RankCutoffs.Preset, PreSortRule.Preset, PresetCatalogue);
}
