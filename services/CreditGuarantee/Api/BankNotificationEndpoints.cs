using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Application.Notifications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>A page of the events feed. <see cref="NextCursor"/> is where to continue, also when the page is empty.</summary>
public sealed record EventFeedPage(IReadOnlyList<BankEventView> Items, string NextCursor, bool HasMore);

public sealed record WebhookRequest(string? Url, bool? RotateSecret);

/// <summary>The bank's webhook. <see cref="Secret"/> is present only in the answer that created or rotated it.</summary>
public sealed record WebhookView(string Url, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret = null);

public sealed record AttemptView(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record DeliveryView(Guid Id, Guid EventId, string EventType, Guid ApplicationId, string State, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset GiveUpAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt, IReadOnlyList<AttemptView> AttemptLog);

public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, string? NextCursor);

/// <summary>The query of the deliveries list (names as on the wire).</summary>
public sealed record DeliveryQuery([property: FromQuery(Name = "state")] string? State, [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit);

/// <summary>What a webhook write needs: the caller, the store, the unit of work and the clock.</summary>
public sealed record WebhookWriter(ClaimsPrincipal User, BankNotificationStore Store, UnitOfWorkFactory Units, TimeProvider Clock);

/// <summary>
/// How partner banks learn of status changes (docs/partner-bank-api.md): the events feed GET /api/bank/v1/events and a
/// webhook per bank with its delivery log. A bank sees only its own events, webhook and deliveries.
/// </summary>
public static class BankNotificationEndpoints
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;
    private const string OwnBank = "partner banks: own events, webhook and deliveries only (another bank's delivery answers 404)";
    private static readonly string[] DeliveryStates = ["pending", "delivered", "failed"];

    public static IServiceCollection AddBankNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookAddressPolicy>();
        services.TryAddKeyedSingleton(WebhookOptions.ClockKey, TimeProvider.System);
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookAddressPolicy>().ConnectAsync,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(5),
            })
            // The dispatcher's rows are the webhooks' retry (ADR 0011): each attempt logged, signed anew and backed off
            // for 24 hours. So the pipeline never repeats a POST (AddPlatformResilience) and its timeouts stay above the
            // dispatcher's, which ends a slow attempt first and logs it as "no answer"; each bank has its own breaker.
            .AddPlatformResilience().Configure((resilience, provider) =>
            {
                var attempt = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout;
                resilience.AttemptTimeout.Timeout = attempt + TimeSpan.FromSeconds(5);
                resilience.TotalRequestTimeout.Timeout = attempt + TimeSpan.FromSeconds(10);
                // The standard options require a sampling window of at least two attempt timeouts.
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(
                    resilience.CircuitBreaker.SamplingDuration.Ticks, 2 * resilience.AttemptTimeout.Timeout.Ticks));
            });
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapBankNotificationEndpoints(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup(BankApplicationEndpoints.Prefix + "/events").WithTags("Notifications").WithGroupName(BankApiDocument.Name);
        events.MapGet("/", FeedAsync).WithName("ListEvents")
            .WithSummary("Your status-change events in order after the cursor 'after' (nextCursor of the previous page); poll it if you cannot receive webhooks.")
            .RequireAccess(OwnBank, Roles.Bank);

        var webhook = routes.MapGroup(BankApplicationEndpoints.Prefix + "/webhook").WithTags("Notifications").WithGroupName(BankApiDocument.Name);
        webhook.MapPut("/", PutAsync).WithName("PutWebhook")
            .WithSummary("Register or change your webhook URL (https). The signing secret is returned once, when created or rotated.")
            .Accepts<WebhookRequest>("application/json")
            .Produces<WebhookView>(StatusCodes.Status201Created)
            .Produces<WebhookView>()
            .ProducesValidationProblem()
            .RequireAccess(OwnBank, Roles.Bank);
        webhook.MapGet("/", GetAsync).WithName("GetWebhook").WithSummary("Your webhook (without its secret).")
            .Produces<WebhookView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAccess(OwnBank, Roles.Bank);
        webhook.MapDelete("/", DeleteAsync).WithName("DeleteWebhook").WithSummary("Remove your webhook; pending deliveries are marked failed.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAccess(OwnBank, Roles.Bank);
        webhook.MapGet("/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("Your deliveries, newest first, with every attempt's status code and the next attempt.")
            .RequireAccess(OwnBank, Roles.Bank);
        webhook.MapPost("/deliveries/{id:guid}/replay", ReplayAsync).WithName("ReplayWebhookDelivery")
            .WithSummary("Send a delivery again now, with a fresh 24-hour retry window.")
            .Produces<DeliveryView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAccess(OwnBank, Roles.Bank);
        return routes;
    }

    internal static async Task<Results<Ok<EventFeedPage>, ValidationProblem, ProblemHttpResult>> FeedAsync(ClaimsPrincipal user, BankNotificationStore store,
        string? after, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var cursor = after is null ? FeedCursor.Start : FeedCursor.Parse(after);
        if (cursor is null)
        {
            errors["after"] = ["Not a cursor of this feed: pass nextCursor from the previous page unchanged, or omit it to start from the beginning."];
        }

        if (InvalidPage(errors, limit) is { } invalid)
        {
            return invalid;
        }

        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NoBankScope().ToProblem();
        }

        var take = limit ?? DefaultPageSize;
        var rows = await store.FeedAsync(bankId, cursor!.Value, take + 1, cancellationToken);
        var page = rows.Take(take).ToList();
        var next = page.Count == 0 ? cursor.Value : new FeedCursor(ulong.Parse(page[^1].TxId, System.Globalization.CultureInfo.InvariantCulture), page[^1].Position);
        return TypedResults.Ok(new EventFeedPage([.. page.Select(BankEventView.Of)], next.ToString(), rows.Count > take));
    }

    internal static async Task<IResult> PutAsync(WebhookRequest request, [AsParameters] WebhookWriter writer, WebhookAddressPolicy policy,
        CancellationToken cancellationToken)
    {
        var (user, store, units, clock) = writer;
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NoBankScope().ToProblem();
        }

        if (await policy.CheckAsync(request.Url, cancellationToken) is { } problem)
        {
            return Refusals.Invalid("url", problem).ToProblem();
        }

        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(cancellationToken);
        var existing = await store.FindWebhookAsync(unit, bankId, cancellationToken);
        var secret = existing is null || request.RotateSecret == true ? WebhookSignature.NewSecret() : null;
        var (row, created) = await store.UpsertWebhookAsync(unit, bankId, request.Url!.Trim(), secret, now, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), created ? "webhook.registered" : "webhook.changed", "bank_webhook", bankId,
            existing is null ? null : new { existing.Url }, new { row.Url, SecretRotated = secret is not null }), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        var view = new WebhookView(row.Url, row.CreatedAt, row.UpdatedAt, secret);
        return created ? TypedResults.Created(BankApplicationEndpoints.Prefix + "/webhook", view) : TypedResults.Ok(view);
    }

    internal static async Task<IResult> GetAsync(ClaimsPrincipal user, BankNotificationStore store, CancellationToken cancellationToken)
    {
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NoBankScope().ToProblem();
        }

        return await store.FindWebhookAsync(bankId, cancellationToken) is { } row
            ? TypedResults.Ok(new WebhookView(row.Url, row.CreatedAt, row.UpdatedAt))
            : NoWebhook();
    }

    internal static async Task<IResult> DeleteAsync(ClaimsPrincipal user, BankNotificationStore store, UnitOfWorkFactory units, CancellationToken cancellationToken)
    {
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NoBankScope().ToProblem();
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (!await store.DeleteWebhookAsync(unit, bankId, cancellationToken))
        {
            return NoWebhook();
        }

        await unit.AuditAsync(new AuditEntry(Actor.From(user), "webhook.removed", "bank_webhook", bankId, null, null), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<DeliveryPage>, ValidationProblem, ProblemHttpResult>> DeliveriesAsync(ClaimsPrincipal user, BankNotificationStore store,
        [AsParameters] DeliveryQuery query, CancellationToken cancellationToken)
    {
        var (state, cursor, limit) = query;
        var errors = new Dictionary<string, string[]>();
        if (state is not null && !DeliveryStates.Contains(state))
        {
            errors["state"] = [$"One of {string.Join(", ", DeliveryStates)}."];
        }

        Guid? before = null;
        if (cursor is not null)
        {
            if (Guid.TryParseExact(cursor, "N", out var parsed))
            {
                before = parsed;
            }
            else
            {
                errors["cursor"] = ["Not a cursor of this list: pass nextCursor from the previous page unchanged."];
            }
        }

        if (InvalidPage(errors, limit) is { } invalid)
        {
            return invalid;
        }

        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NoBankScope().ToProblem();
        }

        var take = limit ?? DefaultPageSize;
        var (rows, attempts) = await store.DeliveriesAsync(bankId, state, before, take + 1, take, cancellationToken);
        var page = rows.Take(take).ToList();
        return TypedResults.Ok(new DeliveryPage([.. page.Select(r => View(r, attempts[r.Id]))], rows.Count > take ? page[^1].Id.ToString("N") : null));
    }

    /// <summary>
    /// The last check of a page's query, shared by the bank's lists: the page size (1 to <see cref="MaxPageSize"/>) joins
    /// the list's own field errors, and all of them are answered at once; null when there are none.
    /// </summary>
    private static ValidationProblem? InvalidPage(Dictionary<string, string[]> errors, int? limit)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"1 to {MaxPageSize}."];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors, type: ProblemDetailsDefaults.TypeBase + "validation") : null;
    }

    internal static async Task<IResult> ReplayAsync(Guid id, [AsParameters] WebhookWriter writer, CancellationToken cancellationToken)
    {
        var (user, store, units, clock) = writer;
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NoBankScope().ToProblem();
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await store.FindDeliveryAsync(unit, id, bankId, cancellationToken) is null)
        {
            return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status404NotFound, Type = ProblemDetailsDefaults.TypeBase + "not-found", Title = "No such delivery.",
            });
        }

        if (await store.FindWebhookAsync(unit, bankId, cancellationToken) is null)
        {
            return NoWebhook(StatusCodes.Status409Conflict);
        }

        await store.ReplayDeliveryAsync(unit, id, clock.GetUtcNow(), cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "webhook.delivery_replayed", "webhook_delivery", id.ToString(), null, null), cancellationToken);
        var row = (await store.FindDeliveryAsync(unit, id, bankId, cancellationToken))!;
        await unit.CommitAsync(cancellationToken);
        var attempts = await store.AttemptsAsync([id], cancellationToken);
        return TypedResults.Accepted((string?)null, View(row, attempts[id]));
    }

    private static DeliveryView View(DeliveryRow r, IEnumerable<AttemptRow> attempts) =>
        new(r.Id, r.EventId, r.EventType, r.ApplicationId, r.State, r.Attempts, r.State == "pending" ? r.NextAttemptAt : null, r.GiveUpAt, r.LastStatus, r.LastError,
            r.DeliveredAt, r.CreatedAt, [.. attempts.Select(a => new AttemptView(a.Number, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs))]);

    private static IResult NoWebhook(int status = StatusCodes.Status404NotFound) => TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Status = status,
        Type = ProblemDetailsDefaults.TypeBase + "no-webhook",
        Title = "No webhook is registered.",
        Detail = "Register one with PUT /api/bank/v1/webhook.",
    });
}
