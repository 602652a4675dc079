using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using SmePlatform.Diagnosis.Application.Imports;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Diagnosis.Api;

/// <summary>Statement import from CSV or Excel, and its template.</summary>
public static class ImportEndpoints
{
    /// <summary>A workbook of 20,000 enterprise-years is about 2 MB; CSV about 4 MB. Other endpoints keep the service's small limit.</summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/statement-imports", async Task<Results<Ok<ImportResult>, ProblemHttpResult>> (HttpContext http, string? unit, ClaimsPrincipal caller,
                ImportStatementsHandler handler, CancellationToken ct) =>
            {
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = MaxFileBytes;
                }

                using var content = new MemoryStream();
                await http.Request.Body.CopyToAsync(content, ct);
                return (await handler.HandleAsync(new ImportStatementsRequest(content.ToArray(), http.Request.ContentType, unit), caller, ct))
                    .Match<Results<Ok<ImportResult>, ProblemHttpResult>>(value => TypedResults.Ok(value), refusal => refusal.ToProblem());
            })
            .RequireAccess("city-wide: any enterprise", Roles.Advisor)
            .WithSummary("Import statements from a CSV file or an Excel workbook, one row per enterprise-year (导入财务报表)")
            .WithDescription("The body is the file (Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet); "
                + "?unit=cny or ?unit=wan (万元) declares the amounts' unit. Every bad cell is named as rows[N].column (N as the file numbers its rows, "
                + "the header being row 1); a file with any error stores nothing. Columns: GET /statement-imports/template.csv or .xlsx.")
            // The accepted types are documented, not declared as routing metadata: routing would answer 415 before the
            // access rule is applied, telling a caller who may not import anything about the endpoint. The handler checks
            // the type itself (400 naming it).
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var file = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The file: CSV (UTF-8) or an Excel workbook, columns as the template's.",
                    Content = new Dictionary<string, OpenApiMediaType> { [StatementFile.CsvMediaType] = file, [StatementFile.XlsxMediaType] = file },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/statement-imports/template.csv", () => TypedResults.File(StatementTemplate.Csv(), StatementFile.CsvMediaType, "statements.csv"))
            .RequireAccess("the same for everyone; no enterprise data", Roles.Advisor, Roles.SmeOffice)
            .WithSummary("The import template as CSV (导入模板)");

        api.MapGet("/statement-imports/template.xlsx", () => TypedResults.File(StatementTemplate.Xlsx(), StatementFile.XlsxMediaType, "statements.xlsx"))
            .RequireAccess("the same for everyone; no enterprise data", Roles.Advisor, Roles.SmeOffice)
            .WithSummary("The import template as an Excel workbook, with a sheet explaining each column (导入模板)");
        return api;
    }
}
