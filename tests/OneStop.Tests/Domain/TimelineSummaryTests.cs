using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SmePlatform.OneStop.Api;
using SmePlatform.OneStop.Application.Timeline;
using SmePlatform.OneStop.Data;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class TimelineSummaryTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 3, 10, 0, 0, TimeSpan.FromHours(8));

    private static TimelineEntry Describe(string kind, object details) =>
        TimelineSummaries.Describe(new TimelineRow(At, "k", "onestop", kind, "ref-1", JsonSerializer.Serialize(details), null));

    [Fact]
    public void A_case_step_reads_as_words_with_its_reason()
    {
        var entry = Describe("case.reject", new { action = "Reject", from = "InProgress", to = "Rejected", reason = "材料不全", procedure = "business-registration" });
        Assert.Equal("Case for business-registration: reject, in progress → rejected: 材料不全", entry.Summary);
        Assert.Equal("onestop", entry.Source);
        Assert.Equal("ref-1", entry.Reference);
    }

    [Fact]
    public void Milestones_and_consultations_read_as_outcomes_in_words()
    {
        Assert.Equal("Milestone: CNY 800,000.00 of capital raised (2025-06-02).",
            Describe("case.milestone", new { milestone = "capital-raised", amountCny = 800_000m, achievedOn = "2025-06-02", procedure = "finance-consulting" }).Summary);
        Assert.Equal("Milestone: 12 jobs created (2025-06-02).",
            Describe("case.milestone", new { milestone = "jobs-created", jobs = 12, achievedOn = "2025-06-02" }).Summary);
        Assert.Equal("Consultation (follow up, by phone) on the finance-consulting case with 王敏.",
            Describe("case.consultation", new { stage = "follow-up", channel = "phone", staff = "王敏", procedure = "finance-consulting" }).Summary);
    }

    /// <summary>The database writes every key, with null for the figures a milestone kind has none of.</summary>
    [Fact]
    public void A_milestone_without_an_amount_or_jobs_reads_as_words_as_the_database_stores_it()
    {
        Assert.Equal("Milestone: the business started (2025-06-02).",
            Describe("case.milestone", new { milestone = "business-started", jobs = (int?)null, amountCny = (decimal?)null, achievedOn = "2025-06-02" }).Summary);
        Assert.Equal("Milestone: 12 jobs created (2025-06-02).",
            Describe("case.milestone", new { milestone = "jobs-created", jobs = 12, amountCny = (decimal?)null, achievedOn = "2025-06-02" }).Summary);
        Assert.Equal("Milestone: sales up by CNY ? (2025-06-02).",
            Describe("case.milestone", new { milestone = "sales-increase", jobs = (int?)null, amountCny = "lots", achievedOn = "2025-06-02" }).Summary);
    }

    private static readonly string[] Kinds =
    [
        "enterprise.registered", "enterprise.updated", "enterprise.reclassified", "enterprise.deactivated", "enterprise.duplicate-confirmed",
        "case.opened", "case.milestone", "case.consultation", "case.returnfromreferral", "case.start", "referral.sent", "referral.accept",
        "referral.startservice", "referral.recordoutcome", "referral.decline", "referral.cancel", "referral.acceptance-overdue", "referral.reply-ignored",
        "something.new",
    ];

    private static readonly string[] Names =
    [
        "milestone", "jobs", "amountCny", "achievedOn", "procedure", "kind", "by", "before", "after", "name", "ward", "sizeClass", "target", "note",
        "loanRequest", "loanAmount", "termMonths", "bankId", "outcome", "result", "summary", "reason", "action", "from", "to", "reply", "because",
        "stage", "channel", "staff", "deactivationReason", "deactivatedOn", "employees", "receiverReference",
    ];

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Gen.Constant<JsonNode?>(null), Gen.Constant<JsonNode?>(JsonValue.Create(true)), Gen.Constant<JsonNode?>(JsonValue.Create("business-started")),
        Gen.Constant<JsonNode?>(JsonValue.Create("")), Gen.Constant<JsonNode?>(JsonValue.Create(1e300)), Gen.Constant<JsonNode?>(JsonValue.Create(-3)),
        Gen.Constant<JsonNode?>(JsonValue.Create(12.5m)), Gen.Constant<JsonNode?>(new JsonArray(1, "x")));

    private static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Scalar
        : Gen.OneOf(Scalar, Object(depth - 1).Select(o => (JsonNode?)o));

    private static Gen<JsonObject> Object(int depth) =>
        from names in Gen.SubListOf(Names)
        from values in Gen.ListOf(Value(depth), names.Count)
        select new JsonObject(names.Zip(values, (n, v) => KeyValuePair.Create<string, JsonNode?>(n, v?.DeepClone())));

    /// <summary>Whatever a row holds (absent keys, nulls, strings where numbers belong, nested shapes), its line reads: no reader breaks.</summary>
    [Fact]
    public void Every_kind_of_line_reads_whatever_its_details_hold()
    {
        var rows = from kind in Gen.Elements(Kinds)
                   from details in Object(2)
                   select (kind, details: details.ToJsonString());
        Prop.ForAll(rows.ToArbitrary(), r =>
        {
            var entry = TimelineSummaries.Describe(new TimelineRow(At, "k", "onestop", r.kind, "ref-1", r.details, null));
            return !string.IsNullOrWhiteSpace(entry.Summary) && entry.Kind == r.kind;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));
    }

    [Fact]
    public void Receiver_steps_are_attributed_to_the_receiving_service()
    {
        var entry = Describe("referral.recordoutcome", new { action = "RecordOutcome", target = "CreditGuarantee", outcome = new { result = "NotAchieved", summary = "银行拒贷" } });
        Assert.Equal("credit-guarantee", entry.Source);
        Assert.Equal("credit-guarantee reported the outcome: not achieved — 银行拒贷", entry.Summary);
        Assert.Equal("onestop", Describe("referral.cancel", new { target = "Diagnosis", actor = "clerk-1", reason = "撤回" }).Source);
    }

    [Fact]
    public void An_update_names_the_fields_and_the_reclassification()
    {
        var entry = Describe("enterprise.updated", new
        {
            before = new { name = "A", employees = 5, sizeClass = "micro", updatedAt = "x" },
            after = new { name = "A", employees = 350, sizeClass = "medium", updatedAt = "y" },
        });
        Assert.Equal("Register entry updated: employees; reclassified from micro to medium.", entry.Summary);
    }

    [Fact]
    public void Lines_from_other_services_keep_their_own_summary()
    {
        var entry = TimelineSummaries.Describe(new TimelineRow(At, "k", "credit-guarantee", "guarantee.issued", "app-1", null, "Guarantee issued."));
        Assert.Equal(new TimelineEntry(At, "credit-guarantee", "guarantee.issued", "Guarantee issued.", "app-1"), entry);
    }

    [Fact]
    public void A_cursor_round_trips_and_garbage_is_refused()
    {
        var cursor = TimelineEndpoints.Cursor(At, "0193:0002");
        Assert.Equal((At.ToUniversalTime(), "0193:0002"), TimelineEndpoints.ParseCursor(cursor));
        Assert.Equal((At, ""), TimelineEndpoints.ParseCursor("2025-06-03T10:00:00+08:00"));
        Assert.Null(TimelineEndpoints.ParseCursor("t1.!!"));
        Assert.Null(TimelineEndpoints.ParseCursor("t1." + Convert.ToBase64String("no-bar"u8.ToArray())));
        Assert.Null(TimelineEndpoints.ParseCursor("soon"));
    }
}
