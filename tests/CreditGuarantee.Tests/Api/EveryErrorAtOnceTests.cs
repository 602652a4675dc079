using System.Net;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>One request, one answer: every field error the fund can know without changing anything, in one 400.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class EveryErrorAtOnceTests(InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    [Fact]
    public async Task A_submission_with_a_missing_field_an_impossible_amount_and_an_unregistered_code_is_answered_once()
    {
        var body = Bodies.Application(StubRegister.NewUscc(), loanAmount: -5m);
        body.Remove("termMonths");

        var (response, problem) = await Bank.SubmitAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["loanAmount", "termMonths", "uscc"], Bodies.Errors(problem).Order(StringComparer.Ordinal));
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM applications"));
    }

    [Fact]
    public async Task A_disbursement_report_with_a_missing_date_and_an_amount_above_the_loan_is_answered_once()
    {
        var (_, application) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
        var id = application.GetProperty("id").GetGuid();
        await Li.PostJsonAsync($"/api/guarantee/applications/{id}/assignment", new { });
        await Li.PostJsonAsync($"/api/guarantee/applications/{id}/decision", new { outcome = "approve" });

        var (response, problem) = await Bank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 5_000_000m });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["amount", "disbursedOn"], Bodies.Errors(problem).Order(StringComparer.Ordinal));
    }
}
