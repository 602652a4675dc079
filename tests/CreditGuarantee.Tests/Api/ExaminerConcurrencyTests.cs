using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>The examiners' writes use the platform's optimistic concurrency: the ETag of GET, sent back in If-Match.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ExaminerConcurrencyTests(Testing.InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string Examination = "/api/guarantee/applications";

    [Fact]
    public async Task A_write_with_an_old_etag_is_412_with_the_current_one_and_changes_nothing()
    {
        var (submitted, application) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = application.GetProperty("id").GetGuid();

        using var read = await Li.GetAsync($"{Examination}/{id}");
        var etag = read.Headers.ETag!.Tag;
        var (assigned, _) = await Send(Li, $"{Examination}/{id}/assignment", new { }, etag);
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var newTag = assigned.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newTag);

        // The examiner decides on what was read before the assignment: refused, nothing decided.
        var (stale, problem) = await Send(Li, $"{Examination}/{id}/decision", new { outcome = "decline", reason = "No." }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("version-conflict", problem.GetProperty("code").GetString());
        Assert.Equal(newTag, problem.GetProperty("currentETag").GetString());
        var now = await Li.GetFromJsonAsync<JsonElement>($"{Examination}/{id}");
        Assert.Equal("under_examination", now.GetProperty("application").GetProperty("status").GetString());

        var (foreign, _) = await Send(Li, $"{Examination}/{id}/decision", new { outcome = "decline", reason = "No." }, "\"not-a-version\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, foreign.StatusCode);

        var (current, _) = await Send(Li, $"{Examination}/{id}/decision", new { outcome = "decline", reason = "No." }, newTag);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> Send(HttpClient client, string path, object body, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }
}
