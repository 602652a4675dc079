using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>A counter system that retries a registration learns from the document alone that it should send a key.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class IdempotencyKeyDocumentTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    [Fact]
    public async Task Registration_recommends_an_Idempotency_Key_and_says_a_retry_with_it_is_safe()
    {
        using var anonymous = Factory.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/api/onestop/openapi.json");
        var register = document.GetProperty("paths").GetProperty("/api/onestop/enterprises").GetProperty("post");

        var key = register.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", key.GetProperty("in").GetString());
        Assert.False(key.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.StartsWith("Recommended", key.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("retrying with the same key is safe", key.GetProperty("description").GetString(), StringComparison.Ordinal);

        // A read takes no key.
        var read = document.GetProperty("paths").GetProperty("/api/onestop/enterprises/{id}").GetProperty("get");
        Assert.DoesNotContain(read.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : [],
            p => p.GetProperty("name").GetString() == "Idempotency-Key");
    }
}
