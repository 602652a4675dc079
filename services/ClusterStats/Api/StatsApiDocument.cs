using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SmePlatform.ClusterStats.Application.Delivery;
using SmePlatform.ClusterStats.Application.Figures;
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
        + "Office opens the firm list behind a cell, and each read is audited. Clusters are the SME Office's local, versioned "
        + "definitions (GB/T 4754-2017 codes at any level, wards, named members with roles); location quotients, strong-cluster "
        + "tiers (US Cluster Mapping rule over the wards) and HHI name the formula, the reference area (the city) and the version of "
        + "every definition used; an LQ computed from a withheld cell or total is withheld too (locationQuotientStatus C). "
        + "Rules: docs/statistics-rules.md. Enums are written by name.");

    /// <summary>What every table's operation says of its exports (one mechanism for all: Api/Exports/TableExport).</summary>
    public const string Exports = "By content negotiation on the same URL: JSON (default); Accept: text/csv (one line per cell and total, _T for a "
        + "total, withheld values empty); Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (an Excel workbook of the same "
        + "rows); Accept: application/vnd.sdmx.data+csv (SDMX-CSV 1.0: DATAFLOW, FREQ, REF_AREA, ACTIVITY, CLUSTER, MEASURE, TIME_PERIOD, OBS_VALUE, "
        + "UNIT, OBS_STATUS; withheld: OBS_VALUE empty, OBS_STATUS C). Headings in Chinese unless Accept-Language asks for English (machine names).";

    /// <summary>The query parameters that take one of a few words: their values as an enum, with an example, in the document.</summary>
    public static IServiceCollection AddStatsQueryEnums(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>(ApiDocuments.Name, options => options.AddOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                (IReadOnlyList<string> Values, string Example)? choice = (operation.OperationId, parameter.Name) switch
                {
                    ("GetLocationQuotients" or "GetStrongClusters" or "GetGrowth", "level") => (GetLocationQuotientsHandler.Levels, "division"),
                    ("GetLocationQuotients", "area") => (["ward"], "ward"),
                    ("GetProgrammeDelivery", "by") => (GetProgrammeDeliveryHandler.Groupings, "ward"),
                    _ => null,
                };
                if (choice is { } c)
                {
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. c.Values.Select(v => (JsonNode)JsonValue.Create(v))] };
                    parameter.Example = JsonValue.Create(c.Example);
                }
                else if (operation.OperationId == "GetProgrammeDelivery" && parameter.Name is "from" or "to")
                {
                    parameter.Example = JsonValue.Create(parameter.Name == "from" ? "2026-01-01" : "2026-12-31");
                }
                else if (parameter.Name is "asOf" or "to")
                {
                    parameter.Example = JsonValue.Create("2026-11-30");
                }
                else if (parameter.Name == "from")
                {
                    parameter.Example = JsonValue.Create("2025-12-31");
                }
            }

            return Task.CompletedTask;
        }));
}
