using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>Publishing configuration versions and amending partner agreements: who may, field errors, If-Match, audit.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ConfigurationApiTests(Testing.InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private const string Configuration = "/api/guarantee/configuration";
    private const string Agreements = "/api/guarantee/partner-agreements";
    private const string Examination = "/api/guarantee/applications";

    private HttpClient Office => Factory.ClientFor("sme_office", subject: "office.zhao");

    /// <summary>GET the configuration in force, ready to edit and post back (partner agreements are edited elsewhere).</summary>
    private async Task<(JsonObject Document, string ETag)> ReadAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Configuration);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var document = body["configuration"]!.AsObject();
        document.Remove("partnerAgreements");
        // From today (the default): a version cannot take effect in the past.
        document.Remove("effectiveFrom");
        return (document, response.Headers.ETag!.Tag);
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> PublishAsync(HttpClient client, JsonNode document, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Configuration) { Content = JsonContent.Create(document) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private Task<int> VersionsAsync() => Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM configuration_versions");

    [Fact]
    public async Task The_sme_office_publishes_a_new_version_and_the_next_decision_records_it()
    {
        var (document, etag) = await ReadAsync(Office);
        Assert.Equal("\"1\"", etag);
        document["fund"]!["capital"] = 120_000_000m;

        var (published, version) = await PublishAsync(Office, document, etag);

        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal("\"2\"", published.Headers.ETag!.Tag);
        Assert.Equal(2, version.GetProperty("version").GetInt32());
        Assert.Equal(120_000_000m, version.GetProperty("fund").GetProperty("capital").GetDecimal());
        var versions = await Li.GetFromJsonAsync<JsonElement>($"{Configuration}/versions");
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("office.zhao", versions[1].GetProperty("createdBy").GetString());
        var first = await Li.GetFromJsonAsync<JsonElement>($"{Configuration}/versions/1");
        Assert.Equal(100_000_000m, first.GetProperty("fund").GetProperty("capital").GetDecimal());
        var current = await Li.GetFromJsonAsync<JsonElement>(Configuration);
        Assert.Equal(2, current.GetProperty("configuration").GetProperty("version").GetInt32());
        // The agreements still come with the configuration in force (they are not part of a version).
        Assert.NotEmpty(current.GetProperty("configuration").GetProperty("partnerAgreements").EnumerateArray());
        using (var missing = await Li.GetAsync($"{Configuration}/versions/9"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // Screening and the decision of a new application use (and record) version 2.
        var (submitted, application) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(2, application.GetProperty("screening").GetProperty("configuration").GetProperty("version").GetInt32());
        var id = application.GetProperty("id").GetGuid();
        await Li.PostJsonAsync($"{Examination}/{id}/assignment", new { });
        var (decided, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var read = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}/{id}");
        Assert.Equal(2, read.GetProperty("decision").GetProperty("configuration").GetProperty("version").GetInt32());

        Assert.Equal(1, await Bodies.CountAsync(Factory.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'configuration.published' AND actor_id = 'office.zhao' AND entity_id = '2'"));
    }

    [Fact]
    public async Task What_get_answers_can_be_posted_back_as_it_is_and_publishes_the_next_version_from_today()
    {
        using var read = await Office.GetAsync(Configuration);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var answer = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.NotEmpty(answer["configuration"]!["partnerAgreements"]!.AsArray());

        var (published, version) = await PublishAsync(Office, answer, read.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(answer["latestVersion"]!.GetValue<int>() + 1, version.GetProperty("version").GetInt32());
        Assert.Equal(answer["configuration"]!["fund"]!["capital"]!.GetValue<decimal>(), version.GetProperty("fund").GetProperty("capital").GetDecimal());
        Assert.True(DateOnly.Parse(version.GetProperty("effectiveFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            >= DateOnly.Parse(answer["configuration"]!["effectiveFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Partner_agreements_changed_in_a_posted_configuration_are_refused_with_where_to_change_them()
    {
        using var read = await Office.GetAsync(Configuration);
        var answer = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        answer["configuration"]!["partnerAgreements"]![0]!["cap"] = 1m;
        var before = await VersionsAsync();

        var (refused, problem) = await PublishAsync(Office, answer, read.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["partnerAgreements"], Bodies.Errors(problem));
        Assert.Equal(before, await VersionsAsync());
    }

    [Fact]
    public async Task A_publication_against_an_older_version_is_412_and_one_without_if_match_is_428_and_neither_changes_anything()
    {
        var (mine, etag) = await ReadAsync(Office);
        var (theirs, _) = await ReadAsync(Office);
        theirs["workflow"]!["antiSplittingWindowDays"] = 120;
        Assert.Equal(HttpStatusCode.Created, (await PublishAsync(Office, theirs, etag)).Response.StatusCode);

        mine["workflow"]!["defaultTriggerDaysPastDue"] = 90;
        var (stale, problem) = await PublishAsync(Office, mine, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("\"2\"", problem.GetProperty("currentETag").GetString());

        var (unconditional, _) = await PublishAsync(Office, mine, ifMatch: null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, unconditional.StatusCode);
        var (garbage, _) = await PublishAsync(Office, mine, "*");
        Assert.Equal(HttpStatusCode.PreconditionFailed, garbage.StatusCode);

        Assert.Equal(2, await VersionsAsync());
        var current = await Li.GetFromJsonAsync<JsonElement>(Configuration);
        Assert.Equal(60, current.GetProperty("configuration").GetProperty("workflow").GetProperty("defaultTriggerDaysPastDue").GetInt32());
    }

    [Fact]
    public async Task Invalid_configurations_get_field_errors_and_publish_nothing()
    {
        var (document, etag) = await ReadAsync(Office);
        var rates = document["fees"]!["annualRateByGrade"]!.AsArray();
        rates[3] = 0.0010m;
        document["fund"]!["leverageMultiple"] = 0m;
        document["effectiveFrom"] = "2020-01-01";
        var (invalid, problem) = await PublishAsync(Office, document, etag);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["effectiveFrom", "fees.annualRateByGrade[3]", "fund.leverageMultiple"], Bodies.Errors(problem).Order(StringComparer.Ordinal));

        var (incomplete, _) = await ReadAsync(Office);
        incomplete["fund"]!.AsObject().Remove("capital");
        var (missing, missingProblem) = await PublishAsync(Office, incomplete, etag);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["fund"], Bodies.Errors(missingProblem));

        var (misspelt, _) = await ReadAsync(Office);
        misspelt["workflow"]!["antiSplitingWindowDays"] = 30;
        var (unknown, unknownProblem) = await PublishAsync(Office, misspelt, etag);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["workflow.antiSplitingWindowDays"], Bodies.Errors(unknownProblem));

        var (withAgreements, _) = await ReadAsync(Office);
        withAgreements["partnerAgreements"] = new JsonArray(new JsonObject { ["bankId"] = "x", ["start"] = "2026-01-01", ["cap"] = 1m });
        var (agreements, agreementsProblem) = await PublishAsync(Office, withAgreements, etag);
        Assert.Equal(HttpStatusCode.BadRequest, agreements.StatusCode);
        Assert.Equal(["partnerAgreements"], Bodies.Errors(agreementsProblem));

        Assert.Equal(1, await VersionsAsync());
    }

    [Fact]
    public async Task Only_the_sme_office_and_administrators_publish_fund_staff_read_banks_are_forbidden_and_anonymous_callers_unauthorised()
    {
        var (document, etag) = await ReadAsync(Li);
        using var admin = Factory.ClientFor("admin", subject: "admin.sun");
        using var counter = Factory.ClientFor("counter_staff", subject: "clerk.he");
        using var anonymous = Factory.CreateClient();

        foreach (var (client, expected) in new[] { (Li, HttpStatusCode.Forbidden), (counter, HttpStatusCode.Forbidden), (Bank, HttpStatusCode.Forbidden),
                     (anonymous, HttpStatusCode.Unauthorized) })
        {
            Assert.Equal(expected, (await PublishAsync(client, document, etag)).Response.StatusCode);
        }

        foreach (var path in new[] { Configuration, $"{Configuration}/versions", $"{Configuration}/versions/1", Agreements })
        {
            using var bank = await Bank.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, bank.StatusCode);
            using var clerk = await counter.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, clerk.StatusCode);
            using var nobody = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
            using var office = await Office.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, office.StatusCode);
        }

        var agreement = new { bankId = "bank-of-shenyang", startsOn = "2026-01-01", cap = 1_000_000m };
        Assert.Equal(HttpStatusCode.Forbidden, (await Bank.PostAsJsonAsync(Agreements, agreement)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Li.PostAsJsonAsync(Agreements, agreement)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Agreements, agreement)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Bank.PutAsJsonAsync($"{Agreements}/ccb-shenyang", agreement)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"{Agreements}/ccb-shenyang", agreement)).StatusCode);
        Assert.Equal(1, await VersionsAsync());
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM partner_agreements WHERE bank_id = 'bank-of-shenyang'"));

        var (published, _) = await PublishAsync(admin, document, etag);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(Agreements, agreement)).StatusCode);
    }

    [Fact]
    public async Task Partner_agreements_are_validated_refuse_overlaps_and_amendments_are_audited()
    {
        var (invalid, problem) = await Office.PostJsonAsync(Agreements, new { bankId = "Bank Of Shenyang", startsOn = "2026-06-01", endsOn = "2026-05-31", cap = 0m });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["bankId", "cap", "endsOn"], Bodies.Errors(problem).Order(StringComparer.Ordinal));

        var (created, agreement) = await Office.PostJsonAsync(Agreements, new { bankId = "bank-of-shenyang", startsOn = "2026-01-01", endsOn = "2026-12-31", cap = 50_000_000m });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(50_000_000m, agreement.GetProperty("cap").GetDecimal());

        var (overlap, overlapProblem) = await Office.PostJsonAsync(Agreements, new { bankId = "bank-of-shenyang", startsOn = "2026-12-31", cap = 10_000_000m });
        Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);
        Assert.Contains(agreement.GetProperty("id").GetString()!, overlapProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (next, _) = await Office.PostJsonAsync(Agreements, new { bankId = "bank-of-shenyang", startsOn = "2027-01-01", cap = 60_000_000m });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);

        // The latest agreement (from 2027) is amended; moving its start back into 2026 would overlap the first.
        using var back = await Office.PutAsJsonAsync($"{Agreements}/bank-of-shenyang", new { startsOn = "2026-06-01", cap = 60_000_000m });
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        using var badAmendment = await Office.PutAsJsonAsync($"{Agreements}/bank-of-shenyang", new { startsOn = "2027-01-01", cap = -5m });
        Assert.Equal(HttpStatusCode.BadRequest, badAmendment.StatusCode);
        using var unknownBank = await Office.PutAsJsonAsync($"{Agreements}/no-such-bank", new { startsOn = "2027-01-01", cap = 5m });
        Assert.Equal(HttpStatusCode.NotFound, unknownBank.StatusCode);
        using var amended = await Office.PutAsJsonAsync($"{Agreements}/bank-of-shenyang", new { startsOn = "2027-01-01", endsOn = "2029-12-31", cap = 80_000_000m });
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);

        var list = await Li.GetFromJsonAsync<JsonElement>(Agreements);
        var banks = list.EnumerateArray().Where(a => a.GetProperty("bankId").GetString() == "bank-of-shenyang").ToList();
        Assert.Equal([50_000_000m, 80_000_000m], banks.Select(a => a.GetProperty("cap").GetDecimal()));
        Assert.Equal("2029-12-31", banks[1].GetProperty("endsOn").GetString());

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var audit = await db.QuerySingleAsync<(string Before, string After)>(
            "SELECT before::text, after::text FROM audit_log WHERE action = 'partner_agreement.amended' AND actor_id = 'office.zhao'");
        Assert.Equal(60_000_000m, JsonDocument.Parse(audit.Before).RootElement.GetProperty("cap").GetDecimal());
        Assert.Equal(80_000_000m, JsonDocument.Parse(audit.After).RootElement.GetProperty("cap").GetDecimal());
        Assert.Equal(2, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'partner_agreement.created'"));
    }
}
