using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class CounterQueueTests
{
    private static readonly DateTimeOffset Opening = new(2025, 3, 3, 8, 30, 0, TimeSpan.FromHours(8));

    private static T Ok<T>(DomainResult<T> result)
        where T : class
    {
        Assert.True(result.IsOk, result.Error?.Message);
        return result.Value!;
    }

    private static Ticket Issue(string ward, int lastSequence, DateTimeOffset at) =>
        Ok(CounterQueue.Issue(Guid.CreateVersion7(), ward, "Business registration", null, at, lastSequence));

    /// <summary>A ticket issued at <paramref name="issued"/> minutes after opening, called after waiting, served, and either done or a no-show.</summary>
    private static Ticket Served(string ward, int sequence, int issued, int wait, int? service)
    {
        var t = Issue(ward, sequence - 1, Opening.AddMinutes(issued));
        t = Ok(CounterQueue.Apply(t, new TicketCommand(TicketAction.Call, Opening.AddMinutes(issued + wait), "clerk-1", "3")));
        if (service is not { } minutes)
        {
            return Ok(CounterQueue.Apply(t, new TicketCommand(TicketAction.MarkNoShow, Opening.AddMinutes(issued + wait + 2))));
        }

        t = Ok(CounterQueue.Apply(t, new TicketCommand(TicketAction.StartService, Opening.AddMinutes(issued + wait + 1))));
        return Ok(CounterQueue.Apply(t, new TicketCommand(TicketAction.Finish, Opening.AddMinutes(issued + wait + 1 + minutes))));
    }

    [Theory]
    [InlineData("heping", 16, "HP-017")]
    [InlineData("Tiexi", 0, "TX-001")]
    [InlineData("xinmin", 998, "XM-999")]
    [InlineData("dadong", 999, "DD-1000")]
    public void Tickets_are_numbered_per_ward_and_day(string ward, int last, string number)
    {
        var ticket = Issue(ward, last, Opening);
        Assert.Equal((number, last + 1, TicketState.Waiting), (ticket.Number, ticket.Sequence, ticket.State));
    }

    [Fact]
    public void Every_ward_has_its_own_prefix() =>
        Assert.Equal(Ward.All.Count, Ward.All.Select(w => CounterQueue.Prefixes[w.Code]).Distinct().Count());

    [Fact]
    public void The_day_is_the_date_in_Shanghai()
    {
        // 23:30 UTC on 2 March is 07:30 on 3 March in Shanghai.
        var ticket = Issue("heping", 0, new DateTimeOffset(2025, 3, 2, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2025, 3, 3), ticket.Day);
    }

    [Theory]
    [InlineData("beijing", "Business registration", "ward")]
    [InlineData("heping", " ", "reason")]
    [InlineData(null, "Business registration", "ward")]
    public void A_ticket_needs_a_ward_and_a_reason(string? ward, string reason, string field) =>
        Assert.Equal(field, CounterQueue.Issue(Guid.CreateVersion7(), ward, reason, null, Opening, 0).Error!.Field);

    [Fact]
    public void Every_state_and_action()
    {
        var expected = new Dictionary<(TicketState, TicketAction), TicketState>
        {
            [(TicketState.Waiting, TicketAction.Call)] = TicketState.Called,
            [(TicketState.Called, TicketAction.StartService)] = TicketState.Serving,
            [(TicketState.Called, TicketAction.MarkNoShow)] = TicketState.NoShow,
            [(TicketState.Serving, TicketAction.Finish)] = TicketState.Done,
        };
        var ticket = Issue("heping", 0, Opening);
        foreach (var state in Enum.GetValues<TicketState>())
        {
            foreach (var action in Enum.GetValues<TicketAction>())
            {
                var result = CounterQueue.Apply(ticket with { State = state }, new TicketCommand(action, Opening.AddMinutes(1), "clerk-1"));
                if (expected.TryGetValue((state, action), out var to))
                {
                    Assert.Equal(to, result.Value?.State);
                }
                else
                {
                    Assert.Equal("illegal-ticket-transition", result.Error?.Code);
                }
            }
        }
    }

    [Fact]
    public void A_served_ticket_records_its_times_and_staff()
    {
        var t = Served("heping", 1, issued: 0, wait: 12, service: 20);
        Assert.Equal(TicketState.Done, t.State);
        Assert.Equal(("clerk-1", "3"), (t.Staff, t.Counter));
        Assert.Equal(TimeSpan.FromMinutes(12), t.WaitTime);
        Assert.Equal(TimeSpan.FromMinutes(20), t.ServiceTime);
    }

    [Fact]
    public void Calling_needs_the_staff_member_and_times_never_go_backwards()
    {
        var t = Issue("heping", 0, Opening);
        Assert.Equal("staff-required", CounterQueue.Apply(t, new TicketCommand(TicketAction.Call, Opening.AddMinutes(1))).Error!.Code);
        Assert.Equal("time-before-last-change",
            CounterQueue.Apply(t, new TicketCommand(TicketAction.Call, Opening.AddMinutes(-1), "clerk-1")).Error!.Code);
    }

    [Fact]
    public void Daily_figures_per_ward()
    {
        Ticket[] tickets =
        [
            Served("heping", 1, issued: 0, wait: 5, service: 10),
            Served("heping", 2, issued: 1, wait: 10, service: 30),
            Served("heping", 3, issued: 2, wait: 20, service: null), // no-show: waited, never served
            Served("heping", 4, issued: 3, wait: 40, service: 20),
            Issue("heping", 4, Opening.AddMinutes(50)), // still waiting: no wait time yet
            Served("tiexi", 1, issued: 0, wait: 7, service: 15),
        ];

        var figures = CounterStatistics.Daily(tickets);

        Assert.Equal(["heping", "tiexi"], figures.Select(f => f.Ward));
        var heping = figures[0];
        Assert.Equal((5, 3, 1), (heping.Issued, heping.Served, heping.NoShows));
        // Waits 5, 10, 20, 40: mean 18.75; nearest rank p50 = 2nd = 10, p90 = 4th = 40.
        Assert.Equal(new DurationFigures(4, TimeSpan.FromMinutes(18.75), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(40)), heping.WaitTime);
        // Services 10, 20, 30: mean 20; p50 = 2nd = 20; p90 = 3rd = 30.
        Assert.Equal(new DurationFigures(3, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30)), heping.ServiceTime);
        Assert.Equal(new DurationFigures(1, TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(7)), figures[1].WaitTime);
    }

    [Fact]
    public void A_day_without_service_has_no_figures_rather_than_zero() =>
        Assert.Equal(new DurationFigures(0, null, null, null), CounterStatistics.Daily([Issue("faku", 0, Opening)]).Single().ServiceTime);

    [Theory]
    [InlineData(new[] { 1 }, 50, 1)]
    [InlineData(new[] { 1, 2 }, 50, 1)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 90, 9)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 90, 10)]
    public void Percentiles_are_nearest_rank(int[] minutes, int p, int expected) =>
        Assert.Equal(TimeSpan.FromMinutes(expected), DurationFigures.Percentile(minutes.Select(m => TimeSpan.FromMinutes(m)).ToArray(), p));
}
