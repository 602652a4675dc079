using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Authorization;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Portal.Clients;

/// <summary>An RFC 9457 problem a service answered, in the user's language: title, detail and every field's errors.</summary>
public sealed record Problem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors, string? Code = null)
{
    public string? ErrorOf(string field) =>
        Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}

/// <summary>What a call gave: the value, or the problem the service answered instead.</summary>
public sealed record ApiResult<T>(T? Value, Problem? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>The session is over (signed out elsewhere, refused refresh, portal restarted): the user signs in again.</summary>
public sealed class SessionEndedException() : Exception("The portal session has ended; sign in again.");

/// <summary>
/// The services' APIs through the gateway, as the signed-in user: their access token (from <see cref="SessionTokens"/>)
/// and their language (Accept-Language), so the services decide what the user may see and answer in the user's words.
/// </summary>
public sealed class GatewayApi(HttpClient http, AuthenticationStateProvider authentication, SessionTokens tokens)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { WireStyle.Enums() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <param name="ifMatch">The ETag of what the user read: the service refuses the write (412) if it changed since.</param>
    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, string? idempotencyKey = null, string? ifMatch = null,
        CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return SendAsync<T>(request, cancellationToken);
    }

    /// <summary>A body that is not JSON (a file upload), sent as it is.</summary>
    public Task<ApiResult<T>> PostContentAsync<T>(string path, HttpContent content, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;
            var session = user.FindFirstValue(PortalSignIn.SessionClaim) ?? throw new SessionEndedException();
            var token = await tokens.AccessTokenAsync(session, cancellationToken) ?? throw new SessionEndedException();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(CultureInfo.CurrentUICulture.Name));
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return new ApiResult<T>(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null);
            }

            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                throw new SessionEndedException();
            }

            return new ApiResult<T>(default, await ProblemOf(response, cancellationToken));
        }
    }

    private static async Task<Problem> ProblemOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return new Problem(status, response.ReasonPhrase ?? status.ToString(CultureInfo.InvariantCulture), null, new Dictionary<string, string[]>());
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = body.RootElement;
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in fields.EnumerateObject())
            {
                errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                    ? [.. field.Value.EnumerateArray().Select(e => e.ToString())]
                    : [field.Value.ToString()];
            }
        }

        return new Problem(status, Text(root, "title") ?? status.ToString(CultureInfo.InvariantCulture), Text(root, "detail"), errors,
            Text(root, "code"));
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public static class GatewayClients
{
    public static IServiceCollection AddGatewayClients(this IServiceCollection services, PortalOptions portal)
    {
        services.AddHttpClient<GatewayApi>(client =>
        {
            client.BaseAddress = new Uri(portal.GatewayUrl.TrimEnd('/') + "/");
            client.Timeout = TimeSpan.FromSeconds(30);
        }).AddPlatformResilience();
        services.AddHttpClient(nameof(SessionTokens));
        services.AddScoped<OneStopClient>();
        services.AddScoped<StatsClient>();
        services.AddScoped<CounterClient>();
        services.AddScoped<GuaranteeClient>();
        services.AddScoped<DiagnosisClient>();
        services.AddScoped<MatchingClient>();
        services.AddScoped<CaseFileClient>();
        return services;
    }
}
