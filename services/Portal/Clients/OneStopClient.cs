namespace SmePlatform.Portal.Clients;

/// <summary>An enterprise of the register as OneStop answers it (the fields the portal shows).</summary>
public sealed record EnterpriseView(Guid Id, string Uscc, string Name, string? NameEn, string Ward, string IndustryCode, int Employees,
    decimal AnnualRevenue, decimal TotalAssets, string? SizeClass, string Status, string? ContactPhone, DateTimeOffset RegisteredAt);

public sealed record EnterprisePage(IReadOnlyList<EnterpriseView> Items, string? NextCursor);

/// <summary>What the counter form sends: OneStop's registration request (its field names are the problem's field keys).</summary>
public sealed record Registration(string? Uscc, string? Name, string? Ward, string? IndustryCode, int? Employees, decimal? AnnualRevenue,
    decimal? TotalAssets, string? ContactPhone = null, bool? ConfirmNotDuplicate = null);

/// <summary>OneStop's register through the gateway, as the signed-in user (a clerk sees and registers in their own ward only).</summary>
public sealed class OneStopClient(GatewayApi api)
{
    public const int PageSize = 20;

    public Task<ApiResult<EnterprisePage>> SearchAsync(string? query, string? cursor, CancellationToken cancellationToken = default)
    {
        var path = $"api/onestop/enterprises?limit={PageSize}"
            + (string.IsNullOrWhiteSpace(query) ? "" : "&q=" + Uri.EscapeDataString(query.Trim()))
            + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        return api.GetAsync<EnterprisePage>(path, cancellationToken);
    }

    public Task<ApiResult<EnterpriseView>> EnterpriseAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<EnterpriseView>($"api/onestop/enterprises/{id}", cancellationToken);

    /// <summary>One key per filled-in form: pressing the button twice registers once.</summary>
    public Task<ApiResult<EnterpriseView>> RegisterAsync(Registration registration, string idempotencyKey, CancellationToken cancellationToken = default) =>
        api.PostAsync<EnterpriseView>("api/onestop/enterprises", registration, idempotencyKey, cancellationToken: cancellationToken);
}
