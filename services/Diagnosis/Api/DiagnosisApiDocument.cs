using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Diagnosis.Api;

/// <summary>The diagnosis API's OpenAPI document at /api/diagnosis/openapi.json (built as every service's: ApiDocuments).</summary>
public static class DiagnosisApiDocument
{
    public static readonly ApiDocument Document = new(
        "/api/diagnosis",
        "SmePlatform enterprise diagnosis API (企业诊断)",
        "Financial statements per fiscal year, quick and full diagnoses (METI Local Benchmark's six indicators scored 1–5, "
        + "the study's indices, operating cash flow, the A–D rank, the management assessment with A/B/C bands, the pre-sort, "
        + "programme recommendations, re-diagnosis deltas and comparison), statement import from CSV or Excel with its template, "
        + "peer comparison (quartiles, withheld under five peers), the excellent-SME programme's candidates and intakes, "
        + "and the advisors' queue of counter referrals. Formulas, bands and "
        + "presets: docs/diagnosis-rules.md. An indicator that cannot be computed has value null and a reason "
        + "(denominator_zero, negative_ebitda, negative_equity, missing_previous_period).");
}
