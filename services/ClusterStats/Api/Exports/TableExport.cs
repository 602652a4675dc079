using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ServiceDefaults.Localization;

namespace SmePlatform.ClusterStats.Api.Exports;

/// <summary>
/// The one export of every statistics table: on the table's own URL, the Accept header chooses JSON (the default), CSV,
/// an Excel workbook or SDMX-CSV. The endpoint answers as usual; when it answers its view and another form is asked for,
/// the table's shape turns that same protected view into rows, so a withheld value is absent from every form. Headings
/// are the columns' machine names in English and their Chinese (the message catalogue) for a caller asking in Chinese.
/// </summary>
public static class TableExport
{
    public const string Csv = "text/csv";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string SdmxCsv = "application/vnd.sdmx.data+csv";

    /// <summary>The form the Accept header asks for (SDMX-CSV before plain CSV), or null for JSON.</summary>
    public static string? Negotiate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accept = request.Headers.Accept.ToString();
        return accept.Contains(SdmxCsv, StringComparison.OrdinalIgnoreCase) ? SdmxCsv
            : accept.Contains(Xlsx, StringComparison.OrdinalIgnoreCase) ? Xlsx
            : accept.Contains(Csv, StringComparison.OrdinalIgnoreCase) ? Csv
            : null;
    }

    /// <summary>Makes the endpoint's <typeparamref name="TView"/> answer exportable in every form, shaped by <paramref name="shape"/>.</summary>
    public static RouteHandlerBuilder Exportable<TView>(this RouteHandlerBuilder builder, Func<TView, ExportContext, ExportTable> shape)
        where TView : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilter(async (context, next) =>
            {
                var answer = await next(context);
                var http = context.HttpContext;
                http.Response.Headers.Vary = "Accept";
                if (Negotiate(http.Request) is not { } format || ViewOf<TView>(answer) is not { } view)
                {
                    return answer;
                }

                var clock = http.RequestServices.GetRequiredService<TimeProvider>();
                var table = shape(view, new ExportContext(SnapshotPeriods.Today(clock.GetUtcNow())));
                var language = ProblemLanguage.For(http.Request);
                var catalogue = http.RequestServices.GetRequiredService<MessageCatalogue>();
                IReadOnlyList<string> headings = [.. table.Columns.Select(c => catalogue.Translate(c, language))];
                return format switch
                {
                    SdmxCsv => TypedResults.Text(ExportWriters.SdmxCsv(table), SdmxCsv + "; charset=utf-8"),
                    Xlsx => TypedResults.File(ExportWriters.Xlsx(table, headings), Xlsx, table.Name + ".xlsx"),
                    _ => (IResult)TypedResults.Text(ExportWriters.Csv(table, headings), Csv + "; charset=utf-8; header=present"),
                };
            })
            // The JSON answer keeps its schema; the other forms are added beside it (declaring them as produced types
            // would replace it).
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var answer) == true && answer is OpenApiResponse ok)
                {
                    ok.Content ??= new Dictionary<string, OpenApiMediaType>();
                    ok.Content[Csv] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                    ok.Content[SdmxCsv] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                    ok.Content[Xlsx] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
                }

                return Task.CompletedTask;
            });
    }

    /// <summary>The view inside the endpoint's answer, or null when it answered something else (a refusal).</summary>
    private static TView? ViewOf<TView>(object? answer)
        where TView : class => answer switch
        {
            Ok<TView> ok => ok.Value,
            INestedHttpResult nested => ViewOf<TView>(nested.Result),
            _ => null,
        };
}
