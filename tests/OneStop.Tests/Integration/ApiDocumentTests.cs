using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>The counter-system integrators' contract: served to anyone, complete, and saying who may call what.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ApiDocumentTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    [Fact]
    public async Task The_document_is_public_and_lists_the_register_counters_and_cases()
    {
        using var anonymous = Factory.CreateClient();
        using var response = await anonymous.GetAsync("/api/onestop/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/onestop/enterprises", "/api/onestop/enterprises/{id}", "/api/onestop/counters/{ward}/tickets", "/api/onestop/cases" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the document");
        }

        // Operator tools are not part of the integrators' contract.
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("/_meta", StringComparison.Ordinal) || p.Name.Contains("audit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_operation_says_who_may_call_it_from_the_rule_the_service_enforces()
    {
        using var anonymous = Factory.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/api/onestop/openapi.json");
        var register = document.GetProperty("paths").GetProperty("/api/onestop/enterprises").GetProperty("post");
        var description = register.GetProperty("description").GetString();
        Assert.Contains("Who may call:", description, StringComparison.Ordinal);
        Assert.Contains("counter_staff", description, StringComparison.Ordinal);
        Assert.DoesNotContain("bank", description, StringComparison.Ordinal);

        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("platformSignIn", out _));
    }
}
