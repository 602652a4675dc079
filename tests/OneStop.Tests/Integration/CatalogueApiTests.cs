using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>Editing the service catalogue: versions, If-Match, who may edit, and cases keeping the version they were opened under.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CatalogueApiTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private const string Procedures = "/api/onestop/procedures";

    private static object Training(int timeLimit = 8, decimal fee = 0m, string? code = null) => new
    {
        code,
        nameEn = "Training",
        nameZh = "培训",
        responsibleOffice = "SME Service Centre, training desk",
        feeCny = fee,
        timeLimitWorkingDays = timeLimit,
        documentsNew = new object[]
        {
            new { code = "business-licence", name = "Business licence" },
            new { code = "participant-list", name = "List of participants" },
            new { code = "training-plan", name = "Training plan", required = true },
        },
        documentsRenewal = new object[] { new { code = "participant-list", name = "List of participants" } },
    };

    private static HttpRequestMessage Publish(string code, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Procedures}/{code}/versions") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private async Task<long> Versions(string code)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return await db.ExecuteScalarAsync<long>("SELECT count(*) FROM procedures WHERE code = @code", new { code });
    }

    [Fact]
    public async Task The_SME_Office_publishes_a_version_and_open_cases_keep_the_version_they_were_opened_under()
    {
        using var office = As("sme_office");
        using var admin = As("admin");
        var enterpriseId = (await admin.RegisterEnterpriseAsync(new TestEnterprise { Name = "沈阳目录测试有限公司" })).Id;
        using var openedOld = await Clerk.PostAsJsonAsync("/api/onestop/cases", new { enterpriseId, procedureCode = "training" });
        var oldCase = await openedOld.Content.ReadFromJsonAsync<JsonElement>();

        using var current = await office.GetAsync($"{Procedures}/training");
        Assert.Equal("\"1\"", current.Headers.ETag?.Tag);

        using var published = await office.SendAsync(Publish("training", Training(timeLimit: 8, fee: 120.50m), "\"1\""));
        Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        Assert.Equal("\"2\"", published.Headers.ETag?.Tag);
        var v2 = await published.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal("sme_office.test", v2.GetProperty("publishedBy").GetString());

        // The list shows the current version; the history every version, newest first.
        var list = await Clerk.GetFromJsonAsync<JsonElement>(Procedures);
        var training = list.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "training");
        Assert.Equal((2, 8, 120.50m, 3), (training.GetProperty("version").GetInt32(), training.GetProperty("timeLimitWorkingDays").GetInt32(),
            training.GetProperty("feeCny").GetDecimal(), training.GetProperty("documentsNew").GetArrayLength()));
        var history = await Clerk.GetFromJsonAsync<JsonElement>($"{Procedures}/training/versions");
        Assert.Equal([2, 1], history.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(5, history.GetProperty("versions")[1].GetProperty("timeLimitWorkingDays").GetInt32());

        // The case opened before keeps version 1's checklist and deadline; a new case gets version 2's.
        var oldNow = await Clerk.GetFromJsonAsync<JsonElement>($"/api/onestop/cases/{oldCase.GetProperty("id").GetGuid()}");
        Assert.Equal(1, oldNow.GetProperty("procedureVersion").GetInt32());
        Assert.Equal(5, oldNow.GetProperty("timeLimitWorkingDays").GetInt32());
        Assert.Equal(oldCase.GetProperty("dueDate").GetString(), oldNow.GetProperty("dueDate").GetString());
        Assert.Equal(2, oldNow.GetProperty("documents").GetArrayLength());
        using var openedNew = await Clerk.PostAsJsonAsync("/api/onestop/cases", new { enterpriseId, procedureCode = "training" });
        var newCase = await openedNew.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 8, 3), (newCase.GetProperty("procedureVersion").GetInt32(), newCase.GetProperty("timeLimitWorkingDays").GetInt32(),
            newCase.GetProperty("documents").GetArrayLength()));

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'procedure.version-published' AND entity_id = 'training'"));
    }

    [Fact]
    public async Task A_stale_or_missing_If_Match_changes_nothing()
    {
        using var admin = As("admin");
        using (var first = await admin.SendAsync(Publish("training", Training(timeLimit: 6), "\"1\"")))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var stale = await admin.SendAsync(Publish("training", Training(timeLimit: 7), "\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("\"2\"", problem.GetProperty("currentETag").GetString());

        using var missing = await admin.SendAsync(Publish("training", Training(timeLimit: 7), null));
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        using var garbage = await admin.SendAsync(Publish("training", Training(timeLimit: 7), "yesterday"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, garbage.StatusCode);
        Assert.Equal(2, await Versions("training"));

        // The same content again publishes nothing.
        using var same = await admin.SendAsync(Publish("training", Training(timeLimit: 6), "\"2\""));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(2, await Versions("training"));

        using var unknown = await admin.SendAsync(Publish("astrology", Training(), "\"1\""));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Two_editors_publishing_from_the_same_version_give_one_new_version_and_one_412()
    {
        using var office = As("sme_office");
        using var admin = As("admin");
        var results = await Task.WhenAll(
            office.SendAsync(Publish("diagnosis", Training(timeLimit: 11), "\"1\"")),
            admin.SendAsync(Publish("diagnosis", Training(timeLimit: 12), "\"1\"")));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.PreconditionFailed], results.Select(r => r.StatusCode).Order());
        foreach (var result in results)
        {
            result.Dispose();
        }

        Assert.Equal(2, await Versions("diagnosis"));
    }

    [Fact]
    public async Task A_procedure_is_added_once_and_bad_input_is_400_with_field_errors()
    {
        using var office = As("sme_office");
        using var added = await office.PostAsJsonAsync(Procedures, Training(code: "export-licensing"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(1, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Contains(
            "export-licensing",
            (await Clerk.GetFromJsonAsync<JsonElement>(Procedures)).EnumerateArray().Select(p => p.GetProperty("code").GetString()));

        using var again = await office.PostAsJsonAsync(Procedures, Training(code: "export-licensing"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var bad = await office.PostAsJsonAsync(Procedures, new
        {
            code = "Bad Code!", nameEn = "", nameZh = "x", responsibleOffice = "y", feeCny = -5m, timeLimitWorkingDays = 100_000,
            documentsNew = new object[] { new { code = "a", name = "" } }, documentsRenewal = Array.Empty<object>(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["code", "documentsNew[0].code", "documentsNew[0].name", "feeCny", "nameEn", "timeLimitWorkingDays"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        using var badVersion = await office.SendAsync(Publish("training", new { nameEn = "Training", feeCny = 1m }, "\"1\""));
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
        using var renamed = await office.SendAsync(Publish("training", Training(code: "other"), "\"1\""));
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Equal(1, await Versions("training"));
        Assert.Equal(0, await Versions("bad code!"));
    }

    [Fact]
    public async Task Only_the_SME_Office_and_admins_edit_and_every_staff_role_reads()
    {
        foreach (var (role, ward) in new[] { ("counter_staff", "heping"), ("examiner", null), ("advisor", null), ("intermediary", null), ("bank", (string?)null) })
        {
            using var client = As(role, ward);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Procedures, Training(code: "sneaky"))).StatusCode);
            using var publish = await client.SendAsync(Publish("training", Training(), "\"1\""));
            Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
            var reads = role == "bank" ? HttpStatusCode.Forbidden : HttpStatusCode.OK;
            Assert.Equal(reads, (await client.GetAsync($"{Procedures}/training")).StatusCode);
            Assert.Equal(reads, (await client.GetAsync($"{Procedures}/training/versions")).StatusCode);
        }

        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Procedures}/training/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Procedures, Training(code: "sneaky"))).StatusCode);
        Assert.Equal(0, await Versions("sneaky"));
        Assert.Equal(1, await Versions("training"));
        Assert.Equal(HttpStatusCode.NotFound, (await Clerk.GetAsync($"{Procedures}/astrology/versions")).StatusCode);
    }
}
