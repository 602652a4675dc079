using SmePlatform.OneStop.Application.Referrals;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class ReferralRequestTests
{
    private static LoanRequestBody Loan(string? bankId = "bank-a", decimal? amount = 2_000_000m, int? term = 24, string? purpose = "working_capital",
        string? instalment = null) => new(bankId, amount, term, purpose, instalment);

    [Fact]
    public void A_credit_guarantee_referral_carries_its_loan_request_normalised()
    {
        var (valid, errors) = ReferralRequests.Validate(new SendReferralRequest(" Credit-Guarantee ", "  needs working capital ", Loan(purpose: "Working_Capital",
            instalment: "EQUAL_INSTALMENTS")));
        Assert.Empty(errors);
        Assert.Equal(ReferralTarget.CreditGuarantee, valid!.Target);
        Assert.Equal("needs working capital", valid.Note);
        Assert.Equal(new SmePlatform.Contracts.Referrals.ReferredLoanRequest("bank-a", 2_000_000m, 24, "working_capital", "equal_instalments"), valid.LoanRequest);
    }

    [Fact]
    public void Other_targets_need_no_loan_and_refuse_one()
    {
        Assert.Null(ReferralRequests.Validate(new SendReferralRequest("diagnosis", null, null)).Errors.GetValueOrDefault("loanRequest"));
        Assert.Equal(ReferralTarget.PartnershipMatching, ReferralRequests.Validate(new SendReferralRequest("partnership-matching", null, null)).Request!.Target);
        Assert.Contains("loanRequest", ReferralRequests.Validate(new SendReferralRequest("diagnosis", null, Loan())).Errors.Keys);
    }

    [Theory]
    [InlineData(null, "target")]
    [InlineData("bank", "target")]
    [InlineData("CreditGuarantee", "target")]
    public void An_unknown_target_is_a_field_error(string? target, string field) =>
        Assert.Contains(field, ReferralRequests.Validate(new SendReferralRequest(target, null, null)).Errors.Keys);

    [Fact]
    public void Every_loan_field_is_checked_and_every_error_named_at_once()
    {
        Assert.Equal(["loanRequest"], ReferralRequests.Validate(new SendReferralRequest("credit-guarantee", null, null)).Errors.Keys);

        var errors = ReferralRequests.Validate(new SendReferralRequest("credit-guarantee", new string('x', 1001),
            Loan(bankId: "bank a!", amount: -1m, term: 0, purpose: "yacht", instalment: "balloon"))).Errors;
        Assert.Equal(
            ["loanRequest.bankId", "loanRequest.instalmentType", "loanRequest.loanAmount", "loanRequest.purpose", "loanRequest.termMonths", "note"],
            errors.Keys.Order(StringComparer.Ordinal));

        Assert.Contains("loanRequest.loanAmount", ReferralRequests.Validate(new SendReferralRequest("credit-guarantee", null, Loan(amount: 1_000_000_000.01m))).Errors.Keys);
        Assert.Contains("loanRequest.loanAmount", ReferralRequests.Validate(new SendReferralRequest("credit-guarantee", null, Loan(amount: 10.005m))).Errors.Keys);
        Assert.Contains("loanRequest.termMonths", ReferralRequests.Validate(new SendReferralRequest("credit-guarantee", null, Loan(term: 361))).Errors.Keys);
        Assert.Equal(["loanRequest.bankId", "loanRequest.loanAmount", "loanRequest.purpose", "loanRequest.termMonths"],
            ReferralRequests.Validate(new SendReferralRequest("credit-guarantee", null, new LoanRequestBody(null, null, null, null, null))).Errors.Keys
                .Order(StringComparer.Ordinal));
    }
}
