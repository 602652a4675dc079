using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// Every API document, fetched through the gateway without a token as an integrator fetches it, holds to the rules a
/// generated client relies on: each operation named once, tagged, saying who may call it, and declaring every refusal
/// it can give as problem details.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiDocumentConformanceTests(PlatformFixture platform)
{
    public static TheoryData<string> Documents =>
    [
        "/api/onestop/openapi.json", "/api/guarantee/openapi.json", "/api/bank/v1/openapi.json", "/api/diagnosis/openapi.json",
        "/api/matching/openapi.json", "/api/stats/openapi.json",
    ];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_document_is_public_and_each_operation_declares_who_may_call_it_and_every_refusal(string path)
    {
        using var response = await platform.Anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("info").GetProperty("description").GetString()));

        var faults = new List<string>();
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)).Select(m => (Path: p.Name, Method: m.Name, Operation: m.Value)))
            .ToList();
        Assert.NotEmpty(operations);
        foreach (var (route, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {route}";
            if (!operation.TryGetProperty("operationId", out var id) || !operationIds.Add(id.GetString()!))
            {
                faults.Add($"{name}: no operationId, or one another operation has");
            }

            if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0)
            {
                faults.Add($"{name}: no tag");
            }

            if (!(operation.TryGetProperty("description", out var description) && description.GetString()!.Contains("Who may call:", StringComparison.Ordinal)))
            {
                faults.Add($"{name}: does not say who may call it");
            }

            var responses = operation.GetProperty("responses");
            var statuses = responses.EnumerateObject().Select(r => r.Name).ToHashSet();
            var expected = new List<string> { "401", "403", "429", "503" };
            if (route.Contains('{', StringComparison.Ordinal))
            {
                expected.Add("404");
            }

            if (operation.TryGetProperty("requestBody", out _))
            {
                expected.Add("400");
            }

            faults.AddRange(expected.Where(s => !statuses.Contains(s)).Select(s => $"{name}: {s} not declared"));
            if (!statuses.Any(s => s.StartsWith('2')))
            {
                faults.Add($"{name}: no success answer declared");
            }

            foreach (var refusal in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                if (!(refusal.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _)))
                {
                    faults.Add($"{name}: {refusal.Name} is not declared as problem details");
                }
            }
        }

        Assert.True(faults.Count == 0, $"{path}:\n{string.Join('\n', faults)}");
    }
}
