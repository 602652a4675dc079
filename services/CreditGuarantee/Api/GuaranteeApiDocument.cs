using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The guarantee centre's staff API document at /api/guarantee/openapi.json (built as every service's: ApiDocuments):
/// examination, the portfolio, the fund's configuration. The partner banks' API has its own document
/// (<see cref="BankApiDocument"/>), since banks see only it.
/// </summary>
public static class GuaranteeApiDocument
{
    public static readonly ApiDocument Document = new(
        "/api/guarantee",
        "SmePlatform credit guarantee API (信用担保)",
        "The Credit Guarantee Fund's staff side: examiners' work queue and files (assignment, screening, pricing, four-eyes "
        + "decisions, conditions, disbursement, repayments, defaults, claims and recoveries), the portfolio and its exposure "
        + "limits, and the fund's configuration (SME Office). Credit details are need-to-know: examiners, the SME Office and "
        + "administrators. Rules and formulas: docs/guarantee-rules.md.");
}
