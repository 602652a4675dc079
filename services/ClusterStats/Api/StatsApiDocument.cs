using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.ClusterStats.Api;

/// <summary>The cluster statistics API's OpenAPI document at /api/stats/openapi.json (built as every service's: ApiDocuments).</summary>
public static class StatsApiDocument
{
    public static readonly ApiDocument Document = new(
        "/api/stats",
        "SmePlatform cluster statistics API (产业集群统计)",
        "Figures of the city's active enterprises kept live from the register's events, or as of a past day from monthly "
        + "snapshots (asOf=yyyy-MM-dd). Every table is under disclosure control for every reader: a withheld value is left out "
        + "and its obsStatus is C (SDMX: confidential), A otherwise; disclosureRulesVersion names the thresholds. Only the SME "
        + "Office opens the firm list behind a cell, and each read is audited. Rules: docs/statistics-rules.md. Enums are written by name.");
}
