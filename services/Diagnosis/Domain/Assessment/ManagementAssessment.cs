namespace SmePlatform.Diagnosis.Domain.Assessment;

/// <summary>The study's assessment band: A ≥ 3.5, B 2.5–3.4, C &lt; 2.5 (002:L3262).</summary>
public enum AssessmentBand
{
    A,
    B,
    C,
}

/// <summary>The six items an advisor scores 1–5 (002:L3241), as codes on the wire.</summary>
public static class AssessmentItems
{
    public const string BusinessManagement = "business_management";
    public const string TechnicalCapability = "technical_capability";
    public const string BusinessPlanning = "business_planning_capacity";
    public const string ProductionAndSales = "production_and_sales_capacity";
    public const string HumanResources = "human_resources";
    public const string FinancialAffairs = "financial_affairs";

    public static readonly IReadOnlyList<string> All =
        [BusinessManagement, TechnicalCapability, BusinessPlanning, ProductionAndSales, HumanResources, FinancialAffairs];
}

/// <summary>Local Benchmark's four non-financial viewpoints, scored 1–5 with the evidence the advisor saw.</summary>
public static class Viewpoints
{
    public const string Management = "management";
    public const string Stakeholders = "stakeholders";
    public const string Business = "business";
    public const string InternalManagement = "internal_management";

    public static readonly IReadOnlyList<string> All = [Management, Stakeholders, Business, InternalManagement];
}

public sealed record ItemScore(string Item, int Score, AssessmentBand Band);

public sealed record AssessmentResult(IReadOnlyList<ItemScore> Items, decimal Overall, AssessmentBand Band);

public sealed record ViewpointScore(string Viewpoint, int Score, string Evidence);

public static class ManagementAssessment
{
    public const decimal BandAFrom = 3.5m;
    public const decimal BandBFrom = 2.5m;

    public static AssessmentBand BandOf(decimal score) => score >= BandAFrom ? AssessmentBand.A : score >= BandBFrom ? AssessmentBand.B : AssessmentBand.C;

    /// <summary>Each item banded, the overall their mean rounded to one decimal (half away from zero), banded the same way.</summary>
    public static AssessmentResult Assess(IReadOnlyDictionary<string, int> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!AssessmentItems.All.All(scores.ContainsKey) || scores.Values.Any(s => s is < 1 or > 5))
        {
            throw new ArgumentException("Six item scores between 1 and 5 are needed.", nameof(scores));
        }

        var items = AssessmentItems.All.Select(item => new ItemScore(item, scores[item], BandOf(scores[item]))).ToList();
        var overall = Math.Round(items.Average(i => (decimal)i.Score), 1, MidpointRounding.AwayFromZero);
        return new AssessmentResult(items, overall, BandOf(overall));
    }
}
