using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>
/// The examiners' work queue and application view against the real service and PostgreSQL, on a clock the test sets:
/// queues and their counts, overdue by working days, the register's live data (and its absence), exposure, the
/// borrower's other applications, the diagnosis section, who may read, and bad input.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ExaminerApiTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private const string Examination = "/api/guarantee/applications";
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    // Thursday before Mid-Autumn (25–27 Sep) and National Day (1–7 Oct); Saturday 10 Oct is an adjusted working day.
    // Ten working days from 24 Sep end on 15 Oct; counted in calendar days they would have ended on 4 Oct.
    private static readonly DateTimeOffset BeforeTheHolidays = new(2026, 9, 24, 10, 0, 0, Shanghai);

    // The service's "now" (submission times, today's configuration, the examination time limit); UTC, as Npgsql writes it.
    private readonly FakeTimeProvider clock = new(BeforeTheHolidays.ToUniversalTime());
    private StubRegister register = null!;
    private bool registerStopped;
    private CreditGuaranteeFactory factory = null!;
    private HttpClient bank = null!;
    private HttpClient otherBank = null!;
    private HttpClient li = null!;
    private HttpClient wang = null!;

    public async Task InitializeAsync()
    {
        register = await StubRegister.StartAsync();
        factory = new CreditGuaranteeFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, register, new CreditGuaranteeOptions(Clock: clock));
        bank = factory.ClientFor("bank", bankId: "ccb-shenyang");
        otherBank = factory.ClientFor("bank", bankId: "huaxia-shenyang");
        li = factory.ClientFor("examiner", subject: "examiner.li");
        wang = factory.ClientFor("examiner", subject: "examiner.wang");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { bank, otherBank, li, wang })
        {
            client.Dispose();
        }

        await factory.DisposeAsync();
        if (!registerStopped)
        {
            await register.DisposeAsync();
        }
    }

    private async Task<Guid> SubmitAsync(HttpClient client, string uscc, bool consentToDiagnosis = false)
    {
        var body = Bodies.Application(uscc);
        body["consent"] = new { useDiagnosis = consentToDiagnosis, useCounsellingHistory = false };
        var (response, answer) = await client.SubmitAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return answer.GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    private static (int All, int Unassigned, int Mine, int Overdue) Counts(JsonElement page)
    {
        var c = page.GetProperty("counts");
        return (c.GetProperty("all").GetInt32(), c.GetProperty("unassigned").GetInt32(), c.GetProperty("mine").GetInt32(), c.GetProperty("overdue").GetInt32());
    }

    /// <summary>
    /// The queue is one statement for every queue and status (OR-ed filters on parameters): prepared, PostgreSQL could
    /// serve all of them with one generic plan. It runs on the planned-per-query source and is never prepared.
    /// </summary>
    [Fact]
    public async Task The_work_queue_is_planned_for_each_request_never_prepared()
    {
        await SubmitAsync(bank, register.Add());
        foreach (var query in new[] { "", "?queue=mine", "?queue=unassigned", "?queue=overdue", "?status=under_examination", "?queue=all" })
        {
            await GetAsync(li, Examination + query);
            await GetAsync(wang, Examination + query);
        }

        var source = factory.Services.GetRequiredKeyedService<NpgsqlDataSource>(DataExtensions.PlannedPerQuery);
        var (ranTheQueue, prepared) = await PreparedStatements.InspectAsync(factory.ConnectionString, source, "%AS unassigned%", "%applications%");
        Assert.True(ranTheQueue, "the queue should have run on the planned-per-query source");
        Assert.Equal(0, prepared);
    }

    [Fact]
    public async Task Queues_count_and_page_oldest_first_and_overdue_follows_working_days()
    {
        var taken = await SubmitAsync(bank, register.Add());
        clock.Advance(TimeSpan.FromMinutes(5));
        var asked = await SubmitAsync(bank, register.Add());
        clock.Advance(TimeSpan.FromMinutes(5));
        var waiting = await SubmitAsync(otherBank, register.Add());
        // Tuesday 29 September, between the holidays: due on 19 October.
        clock.SetUtcNow(new DateTimeOffset(2026, 9, 29, 9, 0, 0, Shanghai).ToUniversalTime());
        var recent = await SubmitAsync(bank, register.Add());

        Assert.Equal(HttpStatusCode.OK, (await li.PostJsonAsync($"{Examination}/{taken}/assignment", new { })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wang.PostJsonAsync($"{Examination}/{asked}/assignment", new { })).Response.StatusCode);

        // The last evening before the deadline: nothing is overdue yet, although 21 calendar days have passed.
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 15, 23, 0, 0, Shanghai).ToUniversalTime());
        var all = await GetAsync(li, Examination);
        Assert.Equal([taken, asked, waiting, recent], Ids(all));
        Assert.Equal((4, 2, 1, 0), Counts(all));
        Assert.Equal(10, all.GetProperty("examinationTimeLimitWorkingDays").GetInt32());
        var first = all.GetProperty("items")[0];
        Assert.Equal("2026-10-15", first.GetProperty("dueDate").GetString());
        Assert.False(first.GetProperty("overdue").GetBoolean());
        Assert.Equal([taken], Ids(await GetAsync(li, $"{Examination}?queue=mine")));
        Assert.Equal([asked], Ids(await GetAsync(wang, $"{Examination}?queue=mine")));
        Assert.Equal([waiting, recent], Ids(await GetAsync(li, $"{Examination}?queue=unassigned")));
        Assert.Empty(Ids(await GetAsync(li, $"{Examination}?queue=overdue")));

        // Past midnight in Shenyang the three applications of 24 September are overdue; the one of 29 September is not.
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 16, 0, 30, 0, Shanghai).ToUniversalTime());
        var overdue = await GetAsync(li, $"{Examination}?queue=overdue");
        Assert.Equal([taken, asked, waiting], Ids(overdue));
        Assert.All(overdue.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));
        Assert.Equal((4, 2, 1, 3), Counts(overdue));

        // Waiting for the bank's answer, an application is not the examiners' to finish: it leaves the overdue queue.
        var (requested, _) = await wang.PostJsonAsync($"{Examination}/{asked}/decision",
            new { outcome = "request_information", question = "Please provide the 2025 audited statements." });
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        overdue = await GetAsync(li, $"{Examination}?queue=overdue");
        Assert.Equal([taken, waiting], Ids(overdue));
        Assert.Equal(2, Counts(overdue).Overdue);
        // The status filter narrows both the page and every count.
        var underExamination = await GetAsync(li, $"{Examination}?status=under_examination");
        Assert.Equal([taken, waiting, recent], Ids(underExamination));
        Assert.Equal((3, 2, 1, 2), Counts(underExamination));

        // Cursor paging yields each application once, in submission order, as many as the count says.
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(li, $"{Examination}?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.InRange(page.GetProperty("items").GetArrayLength(), 1, 3);
            seen.AddRange(Ids(page));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        Assert.Equal([taken, asked, waiting, recent], seen);
    }

    [Fact]
    public async Task The_detail_shows_register_data_exposure_other_applications_timeline_deadline_and_diagnosis()
    {
        var uscc = register.Add(name: "沈阳精工机械有限公司", ward: "tiexi", industryCode: "C3511");
        var enterprise = register.Enterprises[uscc];
        enterprise.SizeClass = "small";
        enterprise.SizeRuleSetId = "CN-2011";
        enterprise.SizeRuleSetVersion = 2;
        enterprise.AnnualRevenue = new Contracts.Common.V1.DecimalValue { Units = 12_000_000 };
        enterprise.TotalAssets = new Contracts.Common.V1.DecimalValue { Units = 9_000_000, Nanos = 500_000_000 };
        enterprise.Status = Contracts.OneStop.V1.EnterpriseStatus.Active;
        var approved = await SubmitAsync(bank, uscc);
        await li.PostJsonAsync($"{Examination}/{approved}/assignment", new { });
        var (decided, _) = await li.PostJsonAsync($"{Examination}/{approved}/decision", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

        // A second application for the same borrower at another bank, consenting to the use of its diagnosis; the register
        // has since moved the enterprise to another ward.
        clock.Advance(TimeSpan.FromDays(1));
        var second = await SubmitAsync(otherBank, uscc, consentToDiagnosis: true);
        register.Enterprises[uscc].Ward = "hunnan";

        var view = await GetAsync(wang, $"{Examination}/{second}");

        var registerSection = view.GetProperty("register");
        Assert.Equal("available", registerSection.GetProperty("status").GetString());
        var live = registerSection.GetProperty("live");
        Assert.Equal("沈阳精工机械有限公司", live.GetProperty("name").GetString());
        Assert.Equal("hunnan", live.GetProperty("ward").GetString());
        Assert.Equal("C3511", live.GetProperty("industryCode").GetString());
        Assert.Equal("active", live.GetProperty("status").GetString());
        Assert.Equal("small", live.GetProperty("sizeClass").GetString());
        Assert.Equal("CN-2011 v2", live.GetProperty("sizeRuleSet").GetString());
        Assert.Equal(120, live.GetProperty("employees").GetInt32());
        Assert.Equal(12_000_000m, live.GetProperty("annualRevenue").GetDecimal());
        Assert.Equal(9_000_000.5m, live.GetProperty("totalAssets").GetDecimal());
        Assert.Equal("tiexi", registerSection.GetProperty("stored").GetProperty("ward").GetString());
        var change = Assert.Single(registerSection.GetProperty("changes").EnumerateArray()).GetString()!;
        Assert.Contains("ward was tiexi", change, StringComparison.Ordinal);

        // Exposure before this application: the first approval (CNY 1,020,000 guaranteed) counts for the enterprise, the
        // fund, the industry section and the ward, but not for this bank.
        var exposure = view.GetProperty("exposure");
        Assert.Equal(1_020_000m, exposure.GetProperty("guaranteedAmountIfApproved").GetDecimal());
        var caps = exposure.GetProperty("caps").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);
        Assert.Equal((1_020_000m, 5_000_000m, 3_980_000m), (caps["limit.enterprise_ceiling"].GetProperty("used").GetDecimal(),
            caps["limit.enterprise_ceiling"].GetProperty("cap").GetDecimal(), caps["limit.enterprise_ceiling"].GetProperty("headroom").GetDecimal()));
        Assert.Equal(0m, caps["limit.bank_cap"].GetProperty("used").GetDecimal());
        Assert.Equal(1_020_000m, caps["limit.fund_leverage"].GetProperty("used").GetDecimal());
        Assert.Equal(1_020_000m, caps["limit.industry_concentration"].GetProperty("used").GetDecimal());
        Assert.False(caps["limit.ward_concentration"].GetProperty("applies").GetBoolean());
        Assert.Contains(exposure.GetProperty("ifApproved").EnumerateArray(), c => c.GetProperty("code").GetString() == "limit.enterprise_ceiling"
            && c.GetProperty("passed").GetBoolean());

        // Anti-splitting context: the other bank's application, with its guarantee, inside the window.
        var other = Assert.Single(view.GetProperty("otherApplications").EnumerateArray());
        Assert.Equal(approved, other.GetProperty("id").GetGuid());
        Assert.Equal("ccb-shenyang", other.GetProperty("bankId").GetString());
        Assert.Equal("approved", other.GetProperty("status").GetString());
        Assert.Equal(1_020_000m, other.GetProperty("guaranteedAmount").GetDecimal());
        Assert.True(other.GetProperty("countsForSplitting").GetBoolean());

        var deadline = view.GetProperty("deadline");
        Assert.Equal("2026-10-16", deadline.GetProperty("dueDate").GetString());
        Assert.Equal(view.GetProperty("application").GetProperty("status").GetString() == "under_examination", deadline.GetProperty("running").GetBoolean());
        Assert.False(deadline.GetProperty("overdue").GetBoolean());

        var diagnosis = view.GetProperty("diagnosis");
        Assert.True(diagnosis.GetProperty("consented").GetBoolean());
        // No Diagnosis service runs in these tests: with consent, the diagnosis is unavailable, never "none".
        Assert.Equal("unavailable", diagnosis.GetProperty("status").GetString());
        Assert.False(diagnosis.GetProperty("usedInDecision").GetBoolean());
        Assert.StartsWith("Diagnosis unavailable", diagnosis.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Contains("Diagnosis service", diagnosis.GetProperty("source").GetString(), StringComparison.Ordinal);

        // The first application's own timeline, with who did what.
        var first = await GetAsync(li, $"{Examination}/{approved}");
        var actions = first.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(["assign_examiner", "approve"], actions.Where(a => a is "assign_examiner" or "approve"));
        Assert.Equal("not_consented", first.GetProperty("diagnosis").GetProperty("status").GetString());
        Assert.False(first.GetProperty("deadline").GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task When_the_register_does_not_answer_the_detail_shows_the_stored_snapshot_and_says_so()
    {
        var uscc = register.Add(name: "沈阳北方轴承有限公司", ward: "dadong", industryCode: "C3451");
        var id = await SubmitAsync(bank, uscc);

        register.Down = true;
        var down = await GetAsync(li, $"{Examination}/{id}");
        AssertUnavailable(down);

        // Stopped outright: nothing listens on the register's port any more (nor on its token endpoint).
        await register.DisposeAsync();
        registerStopped = true;
        var gone = await GetAsync(li, $"{Examination}/{id}");
        AssertUnavailable(gone);
        Assert.Equal(id, gone.GetProperty("application").GetProperty("id").GetGuid());
        Assert.Equal(5, gone.GetProperty("exposure").GetProperty("caps").GetArrayLength());

        static void AssertUnavailable(JsonElement view)
        {
            var section = view.GetProperty("register");
            Assert.Equal("unavailable", section.GetProperty("status").GetString());
            Assert.StartsWith("Register unavailable", section.GetProperty("note").GetString(), StringComparison.Ordinal);
            Assert.False(section.TryGetProperty("live", out _));
            Assert.Equal("沈阳北方轴承有限公司", section.GetProperty("stored").GetProperty("name").GetString());
            Assert.Equal("dadong", section.GetProperty("stored").GetProperty("ward").GetString());
        }
    }

    [Theory]
    [InlineData("examiner", null, null, HttpStatusCode.OK)]
    [InlineData("admin", null, null, HttpStatusCode.OK)]
    [InlineData("sme_office", null, null, HttpStatusCode.OK)]
    [InlineData("bank", "ccb-shenyang", null, HttpStatusCode.Forbidden)]
    [InlineData("counter_staff", null, "tiexi", HttpStatusCode.Forbidden)]
    [InlineData("advisor", null, null, HttpStatusCode.Forbidden)]
    [InlineData("intermediary", null, null, HttpStatusCode.Forbidden)]
    public async Task Examiners_admins_and_the_sme_office_read_the_queue_and_applications_others_do_not(string role, string? bankId, string? ward,
        HttpStatusCode expected)
    {
        var id = await SubmitAsync(bank, register.Add());
        using var client = factory.ClientFor(role, bankId: bankId, ward: ward);

        Assert.Equal(expected, (await client.GetAsync(Examination)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"{Examination}?queue=overdue")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"{Examination}/{id}")).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_queue_and_the_detail_answer_401_and_the_sme_office_cannot_act()
    {
        var id = await SubmitAsync(bank, register.Add());
        using var anonymous = factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Examination)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Examination}/{id}")).StatusCode);

        using var smeOffice = factory.ClientFor("sme_office");
        Assert.Equal(HttpStatusCode.Forbidden, (await smeOffice.PostJsonAsync($"{Examination}/{id}/assignment", new { })).Response.StatusCode);
        var view = await GetAsync(li, $"{Examination}/{id}");
        Assert.False(view.TryGetProperty("examiner", out _));
    }

    [Theory]
    [InlineData("queue=overdo", "queue")]
    [InlineData("status=pending", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task A_bad_queue_parameter_is_a_400_naming_the_field(string query, string field)
    {
        var response = await li.GetAsync($"{Examination}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task An_unknown_or_malformed_application_id_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await li.GetAsync($"{Examination}/{Guid.CreateVersion7()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await li.GetAsync($"{Examination}/not-a-guid")).StatusCode);
    }
}
