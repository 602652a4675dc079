using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using ClosedXML.Excel;
using SmePlatform.Diagnosis.Application.Imports;
using SmePlatform.Diagnosis.Tests.Api;
using Xunit.Abstractions;

namespace SmePlatform.Diagnosis.Tests.Imports;

/// <summary>A workbook the size of the import target (10,000 enterprise-years) is stored whole in one request.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ImportAtScaleTests(InfrastructureFixture infra, ITestOutputHelper output) : DiagnosisApiTest(infra)
{
    [Fact]
    public async Task A_workbook_of_ten_thousand_enterprise_years_is_stored_whole()
    {
        const int enterprises = 2_500;
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("statements");
        for (var c = 0; c < StatementImport.Columns.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = StatementImport.Columns[c];
        }

        var row = 2;
        for (var e = 0; e < enterprises; e++)
        {
            var id = Guid.CreateVersion7().ToString();
            for (var year = 2022; year <= 2025; year++, row++)
            {
                var sales = 1_000 + e + (year * 10);
                sheet.Cell(row, 1).Value = id;
                sheet.Cell(row, 2).Value = e % 2 == 0 ? "tiexi" : "heping";
                sheet.Cell(row, 3).Value = year;
                double[] figures = [sales, sales * 0.74, sales * 0.07, sales * 0.05, 20, 150, 100, 80, 90, 300, 360, 240, 800, 320];
                for (var f = 0; f < figures.Length; f++)
                {
                    sheet.Cell(row, 4 + f).Value = Math.Round(figures[f], 2);
                }

                sheet.Cell(row, 18).Value = 50;
                sheet.Cell(row, 19).Value = 480;
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        using var content = new ByteArrayContent(stream.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(StatementFile.XlsxMediaType);
        var clock = Stopwatch.StartNew();
        var response = await Advisor.PostAsync($"{Api}/statement-imports?unit=wan", content);
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(enterprises * 4, await CountAsync("SELECT count(*) FROM statements WHERE source = 'import'"));
        output.WriteLine($"{enterprises * 4} rows, {stream.Length / 1024} KiB workbook: {clock.ElapsedMilliseconds} ms from request to answer");
    }
}
