using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SmePlatform.Contracts.Diagnosis;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Integration;

/// <summary>The other services' real events through a real RabbitMQ into programme delivery, read back through the API.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ProgrammeDeliveryTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 10, 12, 3, 0, 0, TimeSpan.Zero);
    private const string Period = "from=2026-10-01&to=2026-10-31";

    private ClusterStatsFactory factory = null!;
    private HttpClient office = null!;
    private IBusControl publisher = null!;
    private readonly Consumed consumed = new();

    public async Task InitializeAsync()
    {
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        office = factory.As("sme_office");
        factory.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumed);
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "ClusterStats to be ready (bus connected, queues bound)");
        publisher = await factory.VirtualHost.StartPublisherAsync();
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        office.Dispose();
        await factory.DisposeAsync();
    }

    /// <summary>Registers enterprises of one ward and industry, and waits until the register holds them.</summary>
    private async Task<Guid[]> RegisterAsync(string ward, string industry, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var id in ids)
        {
            await publisher.Publish(new EnterpriseRegistered(id, "91210100MA0000001X", "沈阳测试企业", ward, industry, 20, 1_000_000m, 500_000m, At));
        }

        return ids;
    }

    private async Task<JsonElement> DeliveryAsync(HttpClient client, string query, int expectedMessages)
    {
        await Poll.UntilAsync(() => Task.FromResult(consumed.Count), n => n >= expectedMessages, TimeSpan.FromSeconds(60), $"{expectedMessages} events consumed");
        using var response = await client.GetAsync("/api/stats/programme-delivery?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Figure(JsonElement delivery, string figure, string? detail = null) =>
        delivery.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("figure").GetString() == figure
            && (detail is null || (f.TryGetProperty("detail", out var d) && d.GetString() == detail)));

    private static JsonElement Cell(JsonElement figure, string group) =>
        group == "_T" ? figure.GetProperty("total") : figure.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("group").GetString() == group);

    private static decimal? Value(JsonElement figure, string group) =>
        Cell(figure, group).TryGetProperty("value", out var v) ? v.GetDecimal() : null;

    [Fact]
    public async Task Every_services_events_are_counted_once_by_ward_industry_and_cluster_with_the_events_they_came_from()
    {
        var heping = await RegisterAsync("heping", "C3670", 3);
        var messages = 3;
        var duplicateId = Guid.CreateVersion7();
        for (var i = 0; i < heping.Length; i++)
        {
            var opened = new CaseOpened(Guid.CreateVersion7(), heping[i], "heping", "business-licence", 1, "new", new DateOnly(2026, 10, 20),
                At.AddDays(8), "counter-1", At);
            await publisher.Publish(opened, ctx => ctx.MessageId = i == 0 ? duplicateId : Guid.CreateVersion7());
            var referral = Guid.CreateVersion7();
            await publisher.Publish(new ReferralSent(referral, opened.CaseId, heping[i], "91210100MA0000001X", "沈阳测试企业", "heping",
                ReferralTargets.Diagnosis, "", "counter-1", null, At));
            await publisher.Publish(new ReferralOutcomeReported(referral, ReferralTargets.Diagnosis, ReferralResults.Achieved, "delivered", "d-1", At.AddDays(3)));
            await publisher.Publish(new GuaranteeIssued(Guid.CreateVersion7(), "ccb-shenyang", heping[i], 100_000m * (i + 1), 200_000m,
                new DateOnly(2026, 10, 12), At));
            await publisher.Publish(new DiagnosisCompleted(Guid.CreateVersion7(), heping[i], 1, "heping", "full", 2025, "B", "B", "A", referral, "advisor-1", At));
            messages += 5;
        }

        await publisher.Publish(new CaseOpened(Guid.CreateVersion7(), heping[0], "heping", "business-licence", 1, "new", new DateOnly(2026, 10, 20),
            At.AddDays(8), "counter-1", At), ctx => ctx.MessageId = duplicateId);
        // Outside the period: never counted.
        await publisher.Publish(new CaseOpened(Guid.CreateVersion7(), heping[1], "heping", "business-licence", 1, "new", new DateOnly(2026, 11, 20),
            At.AddDays(40), "counter-1", At.AddDays(30)));
        messages += 2;

        var byWard = await DeliveryAsync(office, Period, messages);
        var cases = Figure(byWard, "cases_opened");
        Assert.Equal((3m, 3m), (Value(cases, "heping")!.Value, Value(cases, "_T")!.Value));
        Assert.Equal(3, Cell(cases, "heping").GetProperty("enterprises").GetInt32());
        Assert.Equal([("CaseOpened", 3)], cases.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("events").GetInt32())));
        // The guarantee events name no ward: the register's is used.
        Assert.Equal(600_000m, Value(Figure(byWard, "guarantees_issued_cny"), "heping"));
        // The outcome names the referral only: its enterprise and ward are the referral's.
        Assert.Equal(3m, Value(Figure(byWard, "referral_outcomes", "achieved"), "heping"));
        Assert.Equal(3m, Value(Figure(byWard, "diagnoses_by_rank", "B"), "heping"));
        Assert.Equal(3m, Value(Figure(byWard, "diagnoses_by_band", "A"), "heping"));

        var byIndustry = await DeliveryAsync(office, Period + "&by=industry", messages);
        Assert.Equal(3m, Value(Figure(byIndustry, "cases_opened"), "C"));
        var byCluster = await DeliveryAsync(office, Period + "&by=cluster", messages);
        Assert.Equal(3m, Value(Figure(byCluster, "cases_opened"), "auto-parts"));
        Assert.Contains(byCluster.GetProperty("clusterDefinitions").EnumerateArray(), c => c.GetProperty("id").GetString() == "auto-parts");

        // Other staff read the same aggregates without the number of enterprises behind each cell.
        var staff = await DeliveryAsync(factory.As("counter_staff", ward: "dadong"), Period, messages);
        Assert.Equal(3m, Value(Figure(staff, "cases_opened"), "heping"));
        Assert.False(Cell(Figure(staff, "cases_opened"), "heping").TryGetProperty("enterprises", out _));
    }

    /// <summary>Jobs created: heping 3 enterprises × 2, tiexi 4 × 2, dadong 1 × 7 (the worked example of the rules).</summary>
    private async Task<JsonElement> JobsCreatedAsync()
    {
        var heping = await RegisterAsync("heping", "C3410", 3);
        var tiexi = await RegisterAsync("tiexi", "C3410", 4);
        var dadong = await RegisterAsync("dadong", "C3410", 1);
        foreach (var (ward, ids) in new[] { ("heping", heping), ("tiexi", tiexi), ("dadong", dadong) })
        {
            foreach (var id in ids)
            {
                await publisher.Publish(new CaseMilestoneRecorded(Guid.CreateVersion7(), Guid.CreateVersion7(), id, ward, "business-licence",
                    "jobs-created", ward == "dadong" ? 7 : 2, null, new DateOnly(2026, 10, 5), "payroll", "counter-1", At));
            }
        }

        return await DeliveryAsync(office, Period, 16);
    }

    [Fact]
    public async Task A_ward_with_fewer_enterprises_than_the_threshold_is_withheld_and_so_is_what_would_give_it_back()
    {
        var jobs = Figure(await JobsCreatedAsync(), "jobs_created");

        Assert.Equal("C", Cell(jobs, "dadong").GetProperty("obsStatus").GetString());
        Assert.Null(Value(jobs, "dadong"));
        Assert.Equal("C", Cell(jobs, "heping").GetProperty("obsStatus").GetString());
        Assert.Equal((8m, 21m), (Value(jobs, "tiexi")!.Value, Value(jobs, "_T")!.Value));
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("application/vnd.sdmx.data+csv")]
    public async Task Every_export_of_the_delivery_withholds_the_same_cells(string format)
    {
        await JobsCreatedAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats/programme-delivery?" + Period);
        request.Headers.Accept.ParseAdd(format);
        using var response = await office.SendAsync(request);
        Assert.Equal(format, response.Content.Headers.ContentType?.MediaType);

        // (group, value, status) of every jobs_created line, whatever the form.
        (string Group, string Value, string Status)[] jobs;
        if (format.Contains("sheet", StringComparison.Ordinal))
        {
            using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
            jobs = [.. workbook.Worksheets.Single().RowsUsed().Where(r => r.Cell(1).GetString() == "jobs_created")
                .Select(r => (r.Cell(3).GetString(), r.Cell(4).GetString(), r.Cell(7).GetString()))];
        }
        else
        {
            var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','));
            jobs = format == "text/csv"
                ? [.. lines.Where(f => f[0] == "jobs_created").Select(f => (f[2], f[3], f[6]))]
                : [.. lines.Where(f => f[5] == "JOBS_CREATED").Select(f => (f[2], f[7], f[9]))];
        }

        Assert.Equal([("_T", "21", "A"), ("dadong", "", "C"), ("heping", "", "C"), ("tiexi", "8", "A")], jobs.Order());
    }

    [Fact]
    public async Task Bad_parameters_are_refused_all_at_once_in_English_and_Chinese()
    {
        using var english = await office.GetAsync("/api/stats/programme-delivery?from=2026-13-01&by=planet");
        var problem = await english.Content.ReadFromJsonAsync<JsonElement>();
        using var chinese = new HttpRequestMessage(HttpMethod.Get, "/api/stats/programme-delivery?from=2026-10-31&to=2026-10-01");
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var inChinese = await office.SendAsync(chinese);

        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        Assert.Equal(["by", "from", "to"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, inChinese.StatusCode);
        Assert.Contains("不得早于 from", await inChinese.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class Consumed : IConsumeObserver
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
