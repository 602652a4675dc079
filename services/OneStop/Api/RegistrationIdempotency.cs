using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults;

namespace SmePlatform.OneStop.Api;

/// <summary>
/// The optional Idempotency-Key of a registration: a counter system that retries after a timeout gets the first
/// answer (201 with the same enterprise, <c>Idempotent-Replayed: true</c>) instead of a 409 for its own registration;
/// the same key with another body is 409 <c>idempotency-key-reused</c>. Keys are per caller. The same rules as the
/// partner-bank API (CreditGuarantee BankIdempotency), where the key is required.
/// </summary>
public static class RegistrationIdempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>The key (null when not sent), or the field error that says why it is unusable.</summary>
    public static (string? Key, string? Error) ReadKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return (null, null);
        }

        var key = values.ToString().Trim();
        return key.Length == 0 || key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~')
            ? (null, $"1 to {MaxKeyLength} visible ASCII characters, the same on every retry of this registration (e.g. a UUID).")
            : (key, null);
    }

    /// <summary>SHA-256 of the request as bound (property order and whitespace of the sent JSON do not matter).</summary>
    public static string Hash(RegisterEnterpriseRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, MessageJson.Options)));

    /// <summary>The stored first answer when the body matches, else 409.</summary>
    public static Results<ContentHttpResult, ProblemHttpResult> Replay(StoredResponse stored, string hash, HttpContext http)
    {
        if (stored.Operation != RegistrationKeyStore.Operation || stored.RequestHash != hash)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Type = ProblemDetailsDefaults.TypeBase + "idempotency-key-reused",
                Title = "This Idempotency-Key was already used for a different registration.",
                Detail = "A key stands for one registration: retry with the same body, or use a new key for another enterprise.",
                Extensions = { ["existingEnterpriseId"] = stored.ResourceId },
            });
        }

        http.Response.Headers[ReplayedHeader] = "true";
        if (stored.ResourceId is { } id)
        {
            http.Response.Headers.Location = $"/api/onestop/enterprises/{id}";
        }

        using (var body = JsonDocument.Parse(stored.ResponseBody))
        {
            if (body.RootElement.TryGetProperty("rowVersion", out var version))
            {
                http.Response.Headers.ETag = $"\"{version.GetInt32()}\"";
            }
        }

        return TypedResults.Content(stored.ResponseBody, "application/json", statusCode: stored.ResponseStatus);
    }
}
