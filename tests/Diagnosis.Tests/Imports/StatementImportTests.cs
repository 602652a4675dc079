using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using SmePlatform.Diagnosis.Application.Imports;
using SmePlatform.Diagnosis.Tests.Api;

namespace SmePlatform.Diagnosis.Tests.Imports;

/// <summary>Statement import through the API on real PostgreSQL: CSV and Excel, units, every bad cell at once, nothing stored on error, who may import.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class StatementImportTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private const string Header =
        "enterpriseId,ward,fiscalYear,sales,costOfSales,operatingProfit,netProfit,depreciation,receivables,inventory,payables,cash,borrowings,"
        + "currentAssets,currentLiabilities,totalAssets,netAssets,employees,totalLiabilities,openingReceivables,openingInventory,openingPayables";

    /// <summary>The worked example's two years and the year after, in 万元.</summary>
    private static string WorkedExampleCsvInWan(Guid enterprise) =>
        Header + "\r\n"
        + $"{enterprise},tiexi,2023,950,703,55,41,19,140,105,70,85,300,340,230,780,300,48,,,,\r\n"
        + $"{enterprise},tiexi,2024,1000,750,60,45,20,150,100,80,90,300,360,240,800,320,50,,,,\r\n"
        + $"{enterprise},Tiexi,2025,1100,814,77,58,23,165,110,95,100,300,390,250,850,378,55,472,,,\r\n";

    private async Task<(HttpResponseMessage Response, JsonElement Body)> ImportAsync(HttpClient client, byte[] file, string mediaType, string unit = "cny")
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await client.PostAsync($"{Api}/statement-imports?unit={unit}", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_csv_in_wan_is_stored_in_cny_marked_as_imported_and_a_diagnosis_runs_on_it()
    {
        var enterprise = Guid.CreateVersion7();
        var (response, body) = await ImportAsync(Advisor, Encoding.UTF8.GetBytes(WorkedExampleCsvInWan(enterprise)), StatementFile.CsvMediaType, "wan");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, body.GetProperty("rows").GetInt32());
        Assert.Equal(1, body.GetProperty("enterprises").GetInt32());

        var (_, stored) = await GetAsync(Advisor, $"/enterprises/{enterprise}/statements");
        var latest = stored.GetProperty("statements")[2];
        Assert.Equal("import", latest.GetProperty("source").GetString());
        Assert.Equal("tiexi", latest.GetProperty("ward").GetString());
        Assert.Equal(11_000_000m, latest.GetProperty("statement").GetProperty("sales").GetDecimal());
        Assert.Equal(55, latest.GetProperty("statement").GetProperty("employees").GetInt32());

        var (run, diagnosis) = await PostAsync(Advisor, "/diagnoses", new { enterpriseId = enterprise, ward = "tiexi", industryCode = "C3411", kind = "Quick" });
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        Assert.Equal([2023, 2024, 2025], diagnosis.GetProperty("periods").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'statements.imported'"));
    }

    [Fact]
    public async Task A_workbook_with_bad_cells_names_every_one_by_row_and_column_and_stores_nothing()
    {
        var enterprise = Guid.CreateVersion7();
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("statements");
        var columns = StatementImport.Columns;
        for (var c = 0; c < columns.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = columns[c];
        }

        object?[] good = [enterprise.ToString(), "heping", 2024, 10_000_000, 7_500_000, 600_000, 450_000, 200_000, 1_500_000, 1_000_000, 800_000, 900_000,
            3_000_000, 3_600_000, 2_400_000, 8_000_000, 3_200_000, 50];
        object?[] bad = [enterprise.ToString(), "heping", 2030, "ten", 7_500_000, 600_000, 450_000, 200_000, 1_500_000, 1_000_000, 800_000, 900_000,
            3_000_000, 3_600_000, 2_400_000, -1, 3_200_000, 12.5];
        object?[] noId = ["not-an-id", "heping", 2023, 10_000_000, 7_500_000, 600_000, 450_000, 200_000, 1_500_000, 1_000_000, 800_000, 900_000,
            3_000_000, 3_600_000, 2_400_000, 8_000_000, 3_200_000, 50];
        foreach (var (values, row) in new[] { (good, 2), (bad, 3), (noId, 4) })
        {
            for (var c = 0; c < values.Length; c++)
            {
                sheet.Cell(row, c + 1).Value = values[c] switch
                {
                    string s => s,
                    int i => i,
                    double d => d,
                    _ => Blank.Value,
                };
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        var (response, body) = await ImportAsync(Advisor, stream.ToArray(), StatementFile.XlsxMediaType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = body.GetProperty("errors");
        Assert.Equal(["rows[3].employees", "rows[3].fiscalYear", "rows[3].sales", "rows[3].totalAssets", "rows[4].enterpriseId"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Not a number.", errors.GetProperty("rows[3].sales")[0].GetString());
        Assert.Equal("A whole number.", errors.GetProperty("rows[3].employees")[0].GetString());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM statements"));
    }

    [Fact]
    public async Task The_template_workbook_round_trips_and_a_file_without_a_declared_unit_or_with_unknown_columns_is_refused()
    {
        var template = await Advisor.GetAsync($"{Api}/statement-imports/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal(StatementFile.XlsxMediaType, template.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await template.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet(1);
        Assert.Equal(StatementImport.Columns, Enumerable.Range(1, StatementImport.Columns.Count).Select(c => sheet.Cell(1, c).GetText()));
        Assert.True(workbook.Worksheets.Contains("columns"));
        var csv = await Advisor.GetStringAsync($"{Api}/statement-imports/template.csv");
        Assert.Equal(Header, csv.TrimEnd());

        var enterprise = Guid.CreateVersion7();
        object[] row = [enterprise.ToString(), "dadong", 2025, 1000, 750, 60, 45, 20, 150, 100, 80, 90, 300, 360, 240, 800, 320, 50];
        for (var c = 0; c < row.Length; c++)
        {
            sheet.Cell(2, c + 1).Value = row[c] is string s ? s : (int)row[c];
        }

        using var filled = new MemoryStream();
        workbook.SaveAs(filled);
        var (noUnit, refusal) = await ImportAsync(Advisor, filled.ToArray(), StatementFile.XlsxMediaType, unit: "");
        Assert.Equal(HttpStatusCode.BadRequest, noUnit.StatusCode);
        Assert.True(refusal.GetProperty("errors").TryGetProperty("unit", out _));

        var (ok, imported) = await ImportAsync(Advisor, filled.ToArray(), StatementFile.XlsxMediaType, unit: "wan");
        Assert.True(ok.StatusCode == HttpStatusCode.OK, imported.ToString());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM statements WHERE enterprise_id = @enterprise AND sales = 10000000", new { enterprise }));

        var (unknown, columns) = await ImportAsync(Advisor, Encoding.UTF8.GetBytes(Header.Replace("cash,", "kassa,", StringComparison.Ordinal) + "\r\n"),
            StatementFile.CsvMediaType);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var messages = columns.GetProperty("errors").GetProperty("columns").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("Column L \"kassa\" is not a column of the template.", messages);
        Assert.Contains("Column \"cash\" is missing.", messages);

        var (garbage, _) = await ImportAsync(Advisor, [1, 2, 3, 4], StatementFile.XlsxMediaType);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Theory]
    [InlineData("counter_staff", "tiexi")]
    [InlineData("sme_office", null)]
    [InlineData("bank", null)]
    [InlineData("examiner", null)]
    public async Task Only_advisors_import_and_banks_and_examiners_do_not_get_the_template(string role, string? ward)
    {
        using var other = Factory.As(role, ward: ward);
        var (response, _) = await ImportAsync(other, Encoding.UTF8.GetBytes(WorkedExampleCsvInWan(Guid.CreateVersion7())), StatementFile.CsvMediaType, "wan");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM statements"));
        var template = await other.GetAsync($"{Api}/statement-imports/template.csv");
        Assert.Equal(role == "sme_office" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, template.StatusCode);
    }
}
