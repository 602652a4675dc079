using System.Net;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Diagnosis;

/// <summary>
/// The enterprise's diagnosis in the examiner's file and the decision, against the real Diagnosis service (in process,
/// its own PostgreSQL database, its gRPC port) called with CreditGuarantee's own client and service identity: read
/// only with consent, shown with rank, bands, indicators, date and advisor, and moving the grade (docs/guarantee-rules.md
/// "Diagnosis"); refused to any other service client.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DiagnosisInDecisionTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private const string Examination = "/api/guarantee/applications";

    private StubRegister register = null!;
    private ServiceTokens tokens = null!;
    private DiagnosisHost diagnosis = null!;
    private CreditGuaranteeFactory guarantee = null!;
    private HttpClient bank = null!;
    private HttpClient li = null!;

    public async Task InitializeAsync()
    {
        register = await StubRegister.StartAsync();
        tokens = await ServiceTokens.StartAsync();
        diagnosis = new DiagnosisHost(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        guarantee = new CreditGuaranteeFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, register, new CreditGuaranteeOptions(
            Settings: new Dictionary<string, string>
            {
                ["Services:diagnosis:GrpcUrl"] = diagnosis.GrpcUrl.ToString(),
                ["ServiceIdentity:TokenEndpoint"] = tokens.TokenEndpoint.ToString(),
            }));
        bank = guarantee.ClientFor("bank", bankId: "ccb-shenyang");
        li = guarantee.ClientFor("examiner", subject: "examiner.li");
    }

    public async Task DisposeAsync()
    {
        bank.Dispose();
        li.Dispose();
        await guarantee.DisposeAsync();
        await diagnosis.DisposeAsync();
        await tokens.DisposeAsync();
        await register.DisposeAsync();
    }

    /// <summary>An enterprise in the register, and its id (the key the Diagnosis service knows it by).</summary>
    private (string Uscc, Guid EnterpriseId) Enterprise()
    {
        var uscc = register.Add();
        return (uscc, Guid.Parse(register.Enterprises[uscc].Id));
    }

    private async Task<Guid> SubmitAssignedAsync(string uscc, bool consent)
    {
        var body = Bodies.Application(uscc);
        body["consent"] = new { useDiagnosis = consent, useCounsellingHistory = false };
        var (response, answer) = await bank.SubmitAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = answer.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await li.PostJsonAsync($"{Examination}/{id}/assignment", new { })).Response.StatusCode);
        return id;
    }

    private async Task<JsonElement> FileAsync(Guid id)
    {
        var response = await li.GetAsync($"{Examination}/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<long> ReadsAsync(string? purpose = null)
    {
        var sql = "SELECT count(*) FROM audit_log WHERE action = 'diagnosis.read-with-consent' AND actor_id = 'guarantee-service'"
            + (purpose is null ? "" : " AND after->>'purpose' = @purpose");
        return CountAsync(diagnosis.ConnectionString, sql, new { purpose });
    }

    private static async Task<long> CountAsync(string connectionString, string sql, object? parameters = null)
    {
        await using var db = new NpgsqlConnection(connectionString);
        return await db.ExecuteScalarAsync<long>(sql, parameters);
    }

    private static List<string> Reasons(JsonElement view) =>
        [.. view.GetProperty("application").GetProperty("decision").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];

    [Fact]
    public async Task With_consent_the_file_shows_the_latest_diagnosis_and_the_approval_grades_one_better_for_band_A()
    {
        var (uscc, enterpriseId) = Enterprise();
        var made = await diagnosis.DiagnoseAsync(enterpriseId);
        Assert.Equal("A", made.GetProperty("preSort").GetString());
        var id = await SubmitAssignedAsync(uscc, consent: true);

        var section = (await FileAsync(id)).GetProperty("diagnosis");

        Assert.Equal("used", section.GetProperty("status").GetString());
        Assert.True(section.GetProperty("consented").GetBoolean());
        Assert.True(section.GetProperty("usedInDecision").GetBoolean());
        Assert.Equal("A", section.GetProperty("band").GetString());
        var latest = section.GetProperty("latest");
        Assert.Equal(made.GetProperty("id").GetGuid(), latest.GetProperty("diagnosisId").GetGuid());
        Assert.Equal(("full", "A", "A", "A", "advisor.wang"), (latest.GetProperty("kind").GetString(), latest.GetProperty("rank").GetString(),
            latest.GetProperty("preSort").GetString(), latest.GetProperty("assessmentBand").GetString(), latest.GetProperty("advisor").GetString()));
        Assert.Equal(made.GetProperty("createdAt").GetDateTimeOffset(), latest.GetProperty("completedAt").GetDateTimeOffset());
        Assert.Equal(section.GetProperty("assessedOn").GetString(), latest.GetProperty("assessedOn").GetString());
        var indicators = latest.GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);
        Assert.Equal(0.10m, indicators["operating_margin"].GetProperty("value").GetDecimal());
        Assert.Equal(5, indicators["operating_margin"].GetProperty("score").GetInt32());
        Assert.Equal(latest.GetProperty("totalScore").GetInt32(), indicators.Values.Sum(i => i.GetProperty("score").GetInt32()));
        var grade = section.GetProperty("grade");
        Assert.Equal((2, 1, false), (grade.GetProperty("onStatements").GetInt32(), grade.GetProperty("withDiagnosis").GetInt32(),
            grade.GetProperty("provisional").GetBoolean()));
        Assert.Contains("one grade better, 2 → 1", grade.GetProperty("effect").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await ReadsAsync($"guarantee application {id}"));

        var (decided, view) = await li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var decision = view.GetProperty("application").GetProperty("decision");
        Assert.Equal(1, decision.GetProperty("riskGrade").GetInt32());
        // Grade 1 at 0.45% instead of grade 2 at 0.60% (worked example 2): 0.45% × 1,020,000 × 2 × 0.60.
        Assert.Equal(5_508.00m, decision.GetProperty("fee").GetDecimal());
        Assert.Contains(Reasons(view), r => r.StartsWith("Diagnosis band A (", StringComparison.Ordinal) && r.EndsWith("one grade better, 2 → 1.", StringComparison.Ordinal));
        Assert.Contains(Reasons(view), r => r.EndsWith("moved from grade 2 by the diagnosis.", StringComparison.Ordinal));
        Assert.Equal(2, await ReadsAsync($"guarantee application {id}"));
    }

    [Fact]
    public async Task Without_consent_nothing_is_read_the_file_says_so_and_the_grade_rests_on_the_statements()
    {
        var (uscc, enterpriseId) = Enterprise();
        await diagnosis.DiagnoseAsync(enterpriseId);
        var id = await SubmitAssignedAsync(uscc, consent: false);

        var section = (await FileAsync(id)).GetProperty("diagnosis");

        Assert.Equal("not_consented", section.GetProperty("status").GetString());
        Assert.False(section.GetProperty("consented").GetBoolean());
        Assert.StartsWith("The enterprise has not consented", section.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.False(section.TryGetProperty("latest", out _));
        Assert.False(section.TryGetProperty("band", out _));
        Assert.Equal((2, 2), (section.GetProperty("grade").GetProperty("onStatements").GetInt32(), section.GetProperty("grade").GetProperty("withDiagnosis").GetInt32()));

        var (decided, view) = await li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(2, view.GetProperty("application").GetProperty("decision").GetProperty("riskGrade").GetInt32());
        Assert.DoesNotContain(Reasons(view), r => r.Contains("Diagnosis band", StringComparison.Ordinal));
        Assert.Equal(0, await ReadsAsync());
    }

    [Fact]
    public async Task With_consent_and_no_diagnosis_the_file_and_the_decision_say_none_is_available()
    {
        var (uscc, _) = Enterprise();
        var id = await SubmitAssignedAsync(uscc, consent: true);

        var section = (await FileAsync(id)).GetProperty("diagnosis");

        Assert.Equal("none_available", section.GetProperty("status").GetString());
        Assert.True(section.GetProperty("consented").GetBoolean());
        Assert.False(section.TryGetProperty("latest", out _));
        var (decided, view) = await li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(2, view.GetProperty("application").GetProperty("decision").GetProperty("riskGrade").GetInt32());
        Assert.Contains(Reasons(view), r => r.StartsWith("No diagnosis available", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_service_client_is_refused_and_the_file_shows_the_diagnosis_unavailable_never_none()
    {
        var (uscc, enterpriseId) = Enterprise();
        await diagnosis.DiagnoseAsync(enterpriseId);
        // The guarantee service signed in as another platform service (role service, not its own client).
        await using var otherTokens = await ServiceTokens.StartAsync();
        otherTokens.Subject = "matching-service";
        await using var impostor = new CreditGuaranteeFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, register, new CreditGuaranteeOptions(
            Settings: new Dictionary<string, string>
            {
                ["Services:diagnosis:GrpcUrl"] = diagnosis.GrpcUrl.ToString(),
                ["ServiceIdentity:TokenEndpoint"] = otherTokens.TokenEndpoint.ToString(),
            }));
        using var impostorBank = impostor.ClientFor("bank", bankId: "ccb-shenyang");
        using var impostorExaminer = impostor.ClientFor("examiner", subject: "examiner.li");
        var body = Bodies.Application(uscc);
        body["consent"] = new { useDiagnosis = true, useCounsellingHistory = false };
        var (submitted, answer) = await impostorBank.SubmitAsync(body);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        var file = await impostorExaminer.GetAsync($"{Examination}/{answer.GetProperty("id").GetGuid()}");
        var section = JsonDocument.Parse(await file.Content.ReadAsStringAsync()).RootElement.GetProperty("diagnosis");

        Assert.Equal("unavailable", section.GetProperty("status").GetString());
        Assert.Contains("PermissionDenied", section.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.False(section.TryGetProperty("latest", out _));
        Assert.Equal(0, await CountAsync(diagnosis.ConnectionString, "SELECT count(*) FROM audit_log WHERE action = 'diagnosis.read-with-consent'"));
    }
}
