namespace SmePlatform.CreditGuarantee.Application.Applications;

// The parts of a bank's submission (SubmitApplicationRequest): the instalment plan, collateral, consent and statements.

/// <param name="Type">bullet (one repayment at maturity) or equal_instalments.</param>
/// <param name="Instalments">Number of instalments: 1 for a bullet, 2 or more (at most one a month) for equal instalments.</param>
public sealed record InstalmentsRequest(string? Type, [property: OptionalInContract] int? Instalments);

/// <param name="Type">real_estate, equipment, vehicle, inventory, receivables, deposit, intellectual_property, equity, personal_guarantee or other.</param>
public sealed record CollateralRequest(string? Type, [property: OptionalInContract] string? Description, decimal? Value);

/// <summary>The enterprise's consent to the fund using its latest diagnosis and its counselling history.</summary>
public sealed record ConsentRequest([property: OptionalInContract] bool? UseDiagnosis, [property: OptionalInContract] bool? UseCounsellingHistory);

/// <summary>One fiscal year's statements; balances at the year end. <see cref="Opening"/> when the previous year is not given.</summary>
public sealed record StatementRequest(
    int? FiscalYear,
    decimal? Sales,
    decimal? OperatingProfit,
    decimal? NetProfit,
    decimal? Depreciation,
    decimal? Receivables,
    decimal? Inventory,
    decimal? Payables,
    decimal? Cash,
    decimal? Borrowings,
    decimal? TotalAssets,
    decimal? NetAssets,
    [property: OptionalInContract] OpeningRequest? Opening);

public sealed record OpeningRequest(decimal? Receivables, decimal? Inventory, decimal? Payables);
