namespace SmePlatform.Portal.Clients;

/// <summary>A walk-in ticket as OneStop answers it; State is waiting, called, serving, done or no_show.</summary>
public sealed record TicketView(Guid Id, string Number, string Reason, string State, DateTimeOffset IssuedAt, DateTimeOffset? CalledAt,
    DateTimeOffset? ServiceStartedAt, DateTimeOffset? FinishedAt, string? Staff, string? Counter);

public sealed record QueueView(string Ward, DateOnly Day, int Waiting, IReadOnlyList<TicketView> Tickets);

public sealed record DurationFigures(int Count, TimeSpan? Mean, TimeSpan? P50, TimeSpan? P90);

public sealed record DayFigures(string Ward, DateOnly Day, int Issued, int Served, int NoShows, DurationFigures WaitTime, DurationFigures ServiceTime);

/// <summary>A ward counter's queue of the day through the gateway (a clerk's own ward only; another ward's is not found).</summary>
public sealed class CounterClient(GatewayApi api)
{
    private static string Path(string ward) => $"api/onestop/counters/{Uri.EscapeDataString(ward)}";

    public Task<ApiResult<QueueView>> QueueAsync(string ward) => api.GetAsync<QueueView>(Path(ward) + "/queue");

    public Task<ApiResult<DayFigures>> FiguresAsync(string ward) => api.GetAsync<DayFigures>(Path(ward) + "/figures");

    public Task<ApiResult<TicketView>> IssueAsync(string ward, string? reason) =>
        api.PostAsync<TicketView>(Path(ward) + "/tickets", new { reason });

    public Task<ApiResult<TicketView>> CallNextAsync(string ward, string? counter) =>
        api.PostAsync<TicketView>(Path(ward) + "/queue/call-next", new { counter });

    /// <summary>"start", "finish" or "no-show" on one ticket.</summary>
    public Task<ApiResult<TicketView>> ActAsync(string ward, Guid ticket, string action, string? counter) =>
        api.PostAsync<TicketView>($"{Path(ward)}/tickets/{ticket}/{action}", new { counter });
}
