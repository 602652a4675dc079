using System.Net;
using System.Text.Json;

namespace SmePlatform.Diagnosis.Tests.Api;

/// <summary>Who sees what: advisors and the SME Office the whole diagnosis (audited), a ward's counter staff the summary, nobody else anything.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AccessTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    [Fact]
    public async Task Counter_staff_of_the_enterprise_s_ward_see_the_summary_and_another_ward_s_clerk_gets_404()
    {
        var enterprise = Guid.CreateVersion7();
        var id = (await DiagnoseAsync(enterprise, "tiexi")).GetProperty("id").GetGuid();
        using var tiexi = Factory.As("counter_staff", ward: "tiexi");
        using var heping = Factory.As("counter_staff", ward: "heping");

        var (own, summary) = await GetAsync(tiexi, $"/diagnoses/{id}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("B", summary.GetProperty("rank").GetString());
        Assert.False(summary.TryGetProperty("indicators", out _));
        Assert.False(summary.TryGetProperty("recommendations", out _));

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(heping, $"/diagnoses/{id}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(heping, $"/enterprises/{enterprise}/diagnoses")).Response.StatusCode);
        var (list, listed) = await GetAsync(tiexi, $"/enterprises/{enterprise}/diagnoses");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(1, listed.GetProperty("diagnoses").GetArrayLength());
        // Counter staff cannot diagnose nor read statements.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(tiexi, "/diagnoses", new { })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(tiexi, $"/enterprises/{enterprise}/statements")).Response.StatusCode);
    }

    [Fact]
    public async Task Every_read_of_a_full_diagnosis_is_audited_and_a_summary_read_is_not()
    {
        var id = (await DiagnoseAsync(Guid.CreateVersion7())).GetProperty("id").GetGuid();
        using var office = Factory.As("sme_office", subject: "office.liu");
        using var clerk = Factory.As("counter_staff", ward: "tiexi");

        var (read, full) = await GetAsync(office, $"/diagnoses/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(11, full.GetProperty("indicators").GetArrayLength());
        await GetAsync(Advisor, $"/diagnoses/{id}");
        await GetAsync(clerk, $"/diagnoses/{id}");

        Assert.Equal(2, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'diagnosis.read' AND entity_id = @id", new { id = id.ToString() }));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'diagnosis.read' AND actor_id = 'office.liu'"));
    }

    [Theory]
    [InlineData("bank")]
    [InlineData("examiner")]
    [InlineData("intermediary")]
    [InlineData("service")]
    public async Task Banks_examiners_and_others_read_nothing_directly(string role)
    {
        var enterprise = Guid.CreateVersion7();
        var id = (await DiagnoseAsync(enterprise)).GetProperty("id").GetGuid();
        using var other = Factory.As(role);
        foreach (var path in new[] { $"/diagnoses/{id}", $"/enterprises/{enterprise}/diagnoses", $"/enterprises/{enterprise}/statements", "/referrals" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(other, path)).Response.StatusCode);
        }
    }

    [Fact]
    public async Task Without_a_token_nothing_but_the_api_document()
    {
        using var anonymous = Factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Api}/band-tables/current")).StatusCode);
        var document = JsonDocument.Parse(await anonymous.GetStringAsync($"{Api}/openapi.json")).RootElement;
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/diagnosis/diagnoses", "/api/diagnosis/diagnoses/{id}", "/api/diagnosis/enterprises/{enterpriseId}/statements/{fiscalYear}",
                     "/api/diagnosis/referrals", "/api/diagnosis/band-tables/current", "/api/diagnosis/programmes", "/api/diagnosis/statement-imports",
                     "/api/diagnosis/statement-imports/template.xlsx", "/api/diagnosis/diagnoses/{id}/peers", "/api/diagnosis/diagnoses/{id}/comparison",
                     "/api/diagnosis/excellent-sme/candidates", "/api/diagnosis/excellent-sme/intakes" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the document");
        }

        Assert.Contains("Who may call: advisor", paths.GetProperty("/api/diagnosis/diagnoses").GetProperty("post").GetProperty("description").GetString(),
            StringComparison.Ordinal);
        var rank = document.GetProperty("components").GetProperty("schemas").GetProperty("Rank");
        Assert.Equal(["A", "B", "C", "D"], rank.GetProperty("enum").EnumerateArray().Where(e => e.ValueKind != JsonValueKind.Null).Select(e => e.GetString()));
    }
}
