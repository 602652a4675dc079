using System.Net;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Diagnosis;

/// <summary>
/// The Diagnosis service does not answer (nothing listens where the service calls it: the test factory's default). An
/// application with consent shows the diagnosis unavailable and a provisional grade, and its approval waits: 503,
/// nothing recorded (docs/adr/0058). Without consent nothing is asked, so nothing waits.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DiagnosisUnavailableTests(InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string Examination = "/api/guarantee/applications";

    private async Task<Guid> SubmitAssignedAsync(bool consent)
    {
        var body = Bodies.Application(Register.Add());
        body["consent"] = new { useDiagnosis = consent, useCounsellingHistory = false };
        var (response, answer) = await Bank.SubmitAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = answer.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { })).Response.StatusCode);
        return id;
    }

    private async Task<JsonElement> FileAsync(Guid id)
    {
        var response = await Li.GetAsync($"{Examination}/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task With_consent_the_file_says_unavailable_retry_and_the_approval_waits_with_nothing_recorded()
    {
        var id = await SubmitAssignedAsync(consent: true);

        var file = await FileAsync(id);
        var section = file.GetProperty("diagnosis");
        Assert.Equal("unavailable", section.GetProperty("status").GetString());
        Assert.False(section.GetProperty("usedInDecision").GetBoolean());
        Assert.StartsWith("Diagnosis unavailable: ", section.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Contains("Retry later", section.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var grade = section.GetProperty("grade");
        Assert.Equal((2, 2, true), (grade.GetProperty("onStatements").GetInt32(), grade.GetProperty("withDiagnosis").GetInt32(),
            grade.GetProperty("provisional").GetBoolean()));

        var (refused, problem) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("diagnosis-unavailable", problem.GetProperty("code").GetString());
        var after = await FileAsync(id);
        Assert.Equal("under_examination", after.GetProperty("application").GetProperty("status").GetString());
        Assert.False(after.GetProperty("application").TryGetProperty("decision", out _));
        Assert.Equal(file.GetProperty("rowVersion").GetInt32(), after.GetProperty("rowVersion").GetInt32());

        // The workflow's own refusal still comes first: an examiner who is not assigned is told that, not to retry.
        var (notMine, notMineProblem) = await Wang.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, notMine.StatusCode);
        Assert.NotEqual("diagnosis-unavailable", notMineProblem.GetProperty("code").GetString());

        // A decline does not use the grade: it is recorded.
        var (declined, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "decline", reason = "The purpose is outside the programme." });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
    }

    [Fact]
    public async Task Without_consent_nothing_is_asked_and_the_approval_proceeds()
    {
        var id = await SubmitAssignedAsync(consent: false);

        Assert.Equal("not_consented", (await FileAsync(id)).GetProperty("diagnosis").GetProperty("status").GetString());
        var (decided, view) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(2, view.GetProperty("application").GetProperty("decision").GetProperty("riskGrade").GetInt32());
    }
}
