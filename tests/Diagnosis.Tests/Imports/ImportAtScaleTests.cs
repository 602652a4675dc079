using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Application.Imports;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Tests.Api;
using Xunit.Abstractions;

namespace SmePlatform.Diagnosis.Tests.Imports;

/// <summary>
/// A workbook the size of the import target (10,000 enterprise-years) is stored whole in one request, and where
/// its time goes (reading the workbook, checking the cells, writing the rows) is written to the test output.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ImportAtScaleTests(InfrastructureFixture infra, ITestOutputHelper output) : DiagnosisApiTest(infra)
{
    private const int Enterprises = 2_500;

    /// <summary>Four years of <paramref name="enterprises"/> enterprises in the template's columns, as an .xlsx file.</summary>
    public static byte[] Workbook(int enterprises)
    {
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
        return stream.ToArray();
    }

    [Fact]
    public async Task A_workbook_of_ten_thousand_enterprise_years_is_stored_whole()
    {
        var file = Workbook(Enterprises);
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(StatementFile.XlsxMediaType);
        var clock = Stopwatch.StartNew();
        var response = await Advisor.PostAsync($"{Api}/statement-imports?unit=wan", content);
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Enterprises * 4, await CountAsync("SELECT count(*) FROM statements WHERE source = 'import'"));
        output.WriteLine($"{Enterprises * 4} rows, {file.Length / 1024} KiB workbook: {clock.ElapsedMilliseconds} ms from request to answer");
    }

    /// <summary>
    /// The import's three stages timed one by one in the service's own process and database (the write is rolled back),
    /// in elapsed and CPU milliseconds (CPU does not depend on what else the machine runs), beside loading the same
    /// workbook as a ClosedXML object model, as the import once read it.
    /// </summary>
    [Fact]
    public async Task Where_the_time_of_an_import_goes()
    {
        var file = Workbook(Enterprises);
        var (model, modelCpu) = Timed(() =>
        {
            using var workbook = new XLWorkbook(new MemoryStream(file));
            return workbook.Worksheet(1).LastRowUsed()?.RowNumber() ?? 0;
        });
        Assert.Equal((Enterprises * 4) + 1, model.Result);

        var (table, readCpu) = Timed(() => StatementFile.Read(file, StatementFileFormat.Xlsx, StatementImport.MaxRows));
        Assert.NotNull(table.Result);
        var errors = new FieldErrors();
        var (rows, checkCpu) = Timed(() => StatementImport.Validate(table.Result, AmountUnit.Wan, 2026, errors, []));
        Assert.False(errors.Any);

        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using (var unit = await Factory.Services.GetRequiredService<UnitOfWorkFactory>().BeginAsync())
        {
            Assert.Equal(Enterprises * 4, await StatementStore.UpsertManyAsync(unit, [.. rows.Result.Select(r => (r.EnterpriseId, r.Ward, r.Statement))],
                "import", "advisor.wang", DateTimeOffset.UtcNow, CancellationToken.None));
        }

        var writeCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{rows.Result.Count} rows, elapsed / CPU ms: ClosedXML object model {model.Ms} / {modelCpu:F0}; " +
                         $"read (streamed) {table.Ms} / {readCpu:F0}; check the cells {rows.Ms} / {checkCpu:F0}; " +
                         $"write the rows {clock.ElapsedMilliseconds} / {writeCpu.TotalMilliseconds:F0} (this process only: PostgreSQL's share is not in it)");
    }

    private static ((T Result, long Ms) Value, double CpuMs) Timed<T>(Func<T> stage)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = stage();
        return ((result, clock.ElapsedMilliseconds), (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
    }
}
