using System.Net;
using System.Text.Json;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>Screening decides "SME under the current size rule set" and "registered and active" from what the register serves.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RegisterScreeningTests(InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private async Task<JsonElement> Check(string uscc, string code)
    {
        var (response, application) = await Bank.SubmitAsync(Bodies.Application(uscc), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return application.GetProperty("screening").GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);
    }

    private string Add(Action<Enterprise> classify)
    {
        var uscc = Register.Add();
        classify(Register.Enterprises[uscc]);
        return uscc;
    }

    [Fact]
    public async Task The_registers_size_class_decides_the_SME_rule()
    {
        var small = await Check(Add(e => { e.SizeClass = "small"; e.SizeRuleSetId = "CN-2003"; e.SizeRuleSetVersion = 2; e.Status = EnterpriseStatus.Active; }),
            "enterprise.sme");
        Assert.True(small.GetProperty("passed").GetBoolean());
        Assert.Equal("The enterprise is small under rule set CN-2003 v2.", small.GetProperty("text").GetString());

        var large = await Check(Add(e => { e.SizeClass = "large"; e.SizeRuleSetId = "CN-2003"; e.SizeRuleSetVersion = 2; }), "enterprise.sme");
        Assert.False(large.GetProperty("passed").GetBoolean());

        // Classified by the register, but its rule set does not cover the enterprise: not an SME that can be confirmed.
        var uncovered = await Check(Add(e => { e.SizeRuleSetId = "CN-2003"; e.SizeRuleSetVersion = 2; }), "enterprise.sme");
        Assert.False(uncovered.GetProperty("passed").GetBoolean());
        Assert.Contains("CN-2003 v2", uncovered.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EnterpriseStatus.Deactivated)]
    [InlineData(EnterpriseStatus.Merged)]
    public async Task An_enterprise_the_register_deactivated_or_merged_fails_the_active_rule(EnterpriseStatus status)
    {
        var check = await Check(Add(e => { e.SizeClass = "micro"; e.SizeRuleSetId = "CN-2003"; e.SizeRuleSetVersion = 1; e.Status = status; }),
            "enterprise.active");
        Assert.False(check.GetProperty("passed").GetBoolean());
    }
}
