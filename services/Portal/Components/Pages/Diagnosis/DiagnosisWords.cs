using System.Globalization;
using Microsoft.Extensions.Localization;
using SmePlatform.Portal.Components.Shared;
using SmePlatform.Portal.Localization;

namespace SmePlatform.Portal.Components.Pages.Diagnosis;

/// <summary>The English names (the catalogue's keys) of the Diagnosis service's codes.</summary>
public static class DiagnosisWords
{
    /// <summary>The six indicators scored 1–5 (Local Benchmark), in the order the radar chart draws them.</summary>
    public static readonly IReadOnlyList<string> Scored =
        ["sales_growth", "operating_margin", "labour_productivity", "ebitda_debt_multiple", "working_capital_months", "equity_ratio"];

    public static readonly IReadOnlyList<string> AssessmentItems =
        ["business_management", "technical_capability", "business_planning_capacity", "production_and_sales_capacity", "human_resources", "financial_affairs"];

    public static string Indicator(string code) => code switch
    {
        "sales_growth" => "Sales growth",
        "operating_margin" => "Operating margin",
        "labour_productivity" => "Labour productivity",
        "ebitda_debt_multiple" => "EBITDA debt multiple",
        "working_capital_months" => "Working capital (months of sales)",
        "equity_ratio" => "Equity ratio",
        "liability_ratio" => "Liability ratio",
        "current_ratio" => "Current ratio",
        "sales_per_worker" => "Sales per worker",
        "total_capital_turnover" => "Total capital turnover",
        "gross_margin" => "Gross margin",
        "operating_cash_flow" => "Operating cash flow",
        _ => code,
    };

    public static string Item(string code) => code switch
    {
        "business_management" => "Business management",
        "technical_capability" => "Technical capability",
        "business_planning_capacity" => "Business planning",
        "production_and_sales_capacity" => "Production and sales",
        "human_resources" => "Human resources",
        "financial_affairs" => "Financial affairs",
        _ => code,
    };

    public static string Kind(string kind) => Wire.Key(kind) switch
    {
        "quick" => "Quick diagnosis",
        "full" => "Full diagnosis",
        _ => kind,
    };

    public static string ReferralState(string state) => Wire.Key(state) switch
    {
        "waiting" => "Waiting",
        "accepted" => "Accepted",
        "started" => "Started",
        "declined" => "Declined",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        _ => state,
    };

    /// <summary>An indicator's value as people read it: ratios as percentages, amounts in yuan, the rest with their unit.</summary>
    public static string Value(decimal value, string unit, IStringLocalizer<Ui> words) => unit switch
    {
        "ratio" => value.ToString("P2", CultureInfo.CurrentCulture),
        "CNY" or "CNY/employee" => Formats.Yuan(value),
        _ => value.ToString("#,##0.##", CultureInfo.CurrentCulture) + " " + words[Unit(unit)],
    };

    public static string Unit(string unit) => Wire.Key(unit) switch
    {
        "ratio" => "ratio",
        "times" => "times",
        "months" => "months",
        _ => unit,
    };
}
