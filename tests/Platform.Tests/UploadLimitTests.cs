using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// The gateway refuses bodies over 1 MB, except on the paths that take files (Downstream.Uploads), which get the limit
/// their service applies: an advisor's statement workbook of a few megabytes reaches the import and is judged there.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class UploadLimitTests(PlatformFixture platform)
{
    private static ByteArrayContent Csv(int bytes)
    {
        var text = new StringBuilder("enterpriseId,ward,fiscalYear\r\n");
        while (text.Length < bytes)
        {
            text.Append("not-an-id,nowhere,1800\r\n");
        }

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    [Fact]
    public async Task A_statement_file_of_several_megabytes_reaches_the_import_and_is_judged_there()
    {
        using var content = Csv(3 * 1024 * 1024);

        using var response = await platform.As("advisor.chen").PostAsync("/api/diagnosis/statement-imports?unit=cny", content);

        // Judged by the service (a file whose columns are wrong), not cut off at the gateway (413).
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any());
    }

    [Fact]
    public async Task Other_paths_keep_the_one_megabyte_limit()
    {
        using var content = Csv(3 * 1024 * 1024);

        using var response = await platform.As("counter.heping").PostAsync("/api/onestop/enterprises", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
