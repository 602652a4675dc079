using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Api;

/// <summary>Every table in every export form, read back as a file: the withheld cell is in none of them.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ExportTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private const string Csv = "text/csv";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Sdmx = "application/vnd.sdmx.data+csv";

    private ClusterStatsFactory factory = null!;
    private HttpClient office = null!;
    private IBusControl publisher = null!;

    public async Task InitializeAsync()
    {
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        office = factory.As("sme_office");
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "ClusterStats ready");
        publisher = await factory.VirtualHost.StartPublisherAsync();

        // heping: 5 in C, 2 in F (too few: withheld, with the cells that would give it away); dadong: 4 in C, 3 in F.
        foreach (var (ward, section, n) in new[] { ("heping", "C3511", 5), ("heping", "F5120", 2), ("dadong", "C1392", 4), ("dadong", "F5121", 3) })
        {
            for (var i = 0; i < n; i++)
            {
                await publisher.Publish(new EnterpriseRegistered(Guid.CreateVersion7(), "91210100MA0000001X", "测试企业", ward, section, 10 + i, 1_000_000m, 1m,
                    DateTimeOffset.UtcNow));
            }
        }

        await Poll.UntilAsync(() => office.GetFromJsonAsync<JsonElement>("/api/stats/enterprise-counts"),
            c => c.TryGetProperty("total", out var total) && total.GetInt32() == 14, TimeSpan.FromSeconds(30), "all 14 enterprises counted");
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        office.Dispose();
        await factory.DisposeAsync();
    }

    private async Task<HttpResponseMessage> ExportAsync(string path, string accept, string language = "en")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await office.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(accept, response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    public static TheoryData<string> Tables() =>
    [
        "/api/stats/enterprise-counts",
        "/api/stats/location-quotients?area=ward&level=section",
        "/api/stats/strong-clusters?level=section",
    ];

    /// <summary>ward, code, enterprises, employment: the first four columns of each of these tables.</summary>
    private static void AssertWithheld(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var withheld = rows.Where(r => r[0] == "heping" && r[1] == "F").ToArray();
        Assert.NotEmpty(withheld);
        Assert.All(withheld, r => Assert.Equal(("", ""), (r[2], r[3])));
        Assert.Contains(rows, r => r[0] == "_T" || r[1] != "F"); // other rows are there, with values
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task The_CSV_leaves_the_withheld_cell_empty(string path)
    {
        using var response = await ExportAsync(path, Csv);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("ward,", lines[0], StringComparison.Ordinal);
        AssertWithheld([.. lines.Skip(1).Select(l => l.Split(','))]);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task The_Excel_workbook_leaves_the_withheld_cell_empty(string path)
    {
        using var response = await ExportAsync(path, Xlsx);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheets.Single();
        var rows = sheet.RowsUsed().Skip(1).Select(r => (IReadOnlyList<string>)[.. Enumerable.Range(1, 4).Select(c => r.Cell(c).GetString())]).ToArray();

        Assert.Equal("ward", sheet.Cell(1, 1).GetString());
        AssertWithheld(rows);
        Assert.Contains(sheet.RowsUsed().Skip(1).SelectMany(r => r.CellsUsed()), c => c.DataType == XLDataType.Number); // numbers stay numbers
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task The_SDMX_CSV_leaves_the_withheld_observation_empty_and_confidential(string path)
    {
        using var response = await ExportAsync(path, Sdmx);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var withheld = lines.Skip(1).Select(l => l.Split(',')).Where(o => o[2] == "heping" && o[3] == "F" && o[5] is "ENTERPRISES" or "EMPLOYMENT").ToArray();

        Assert.Equal("DATAFLOW,FREQ,REF_AREA,ACTIVITY,CLUSTER,MEASURE,TIME_PERIOD,OBS_VALUE,UNIT,OBS_STATUS", lines[0]);
        Assert.NotEmpty(withheld);
        Assert.All(withheld, o => Assert.Equal(("", "C"), (o[7], o[9])));
    }

    [Fact]
    public async Task Headings_are_in_Chinese_when_the_caller_asks_in_Chinese_and_the_rows_are_the_same()
    {
        using var chinese = await ExportAsync("/api/stats/location-quotients?area=ward&level=section", Csv, "zh-CN");
        using var english = await ExportAsync("/api/stats/location-quotients?area=ward&level=section", Csv);
        var zh = (await chinese.Content.ReadAsStringAsync()).Split("\r\n");
        var en = (await english.Content.ReadAsStringAsync()).Split("\r\n");

        Assert.StartsWith("街道,", zh[0], StringComparison.Ordinal);
        Assert.Contains("区位商", zh[0], StringComparison.Ordinal);
        Assert.Equal(en.Skip(1), zh.Skip(1));
    }
}
