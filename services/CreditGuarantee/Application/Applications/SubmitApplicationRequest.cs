using System.Text.RegularExpressions;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>A partner bank's guarantee application (POST /api/bank/v1/applications). Amounts in CNY.</summary>
/// <param name="ApplicationKey">The bank's own key for this application, unique per bank (1–64 letters, digits and . _ - : /).</param>
/// <param name="Uscc">The enterprise's Unified Social Credit Code; it must be in the city's register.</param>
/// <param name="LoanAmount">The loan, in CNY with at most two decimals.</param>
/// <param name="Currency">Optional; only "CNY".</param>
/// <param name="Purpose">working_capital, equipment, construction, technology, trade or other.</param>
/// <param name="Programme">standard or express.</param>
/// <param name="RequestedCoverage">The share of the loan the bank asks the fund to guarantee, a fraction (0.85 for 85%).</param>
/// <param name="FinancialStatements">Up to three fiscal years (the latest three); none means graded without a balance sheet.</param>
public sealed record SubmitApplicationRequest(
    string? ApplicationKey,
    string? Uscc,
    decimal? LoanAmount,
    [property: OptionalInContract] string? Currency,
    int? TermMonths,
    string? Purpose,
    [property: OptionalInContract] string? PurposeDetail,
    string? Programme,
    InstalmentsRequest? Instalments,
    decimal? RequestedCoverage,
    [property: OptionalInContract] IReadOnlyList<CollateralRequest>? Collateral,
    [property: OptionalInContract] IReadOnlyList<StatementRequest>? FinancialStatements,
    [property: OptionalInContract] ConsentRequest? Consent);

/// <summary>A submission that passed every check, in the domain's terms.</summary>
public sealed record ValidSubmission(
    string ApplicationKey,
    string Uscc,
    LoanRequest Loan,
    string Purpose,
    string? PurposeDetail,
    IReadOnlyList<CollateralItem> Collateral,
    IReadOnlyList<FinancialStatement> Statements,
    bool UseDiagnosis,
    bool UseCounsellingHistory);

public static partial class SubmissionValidator
{
    public const int MaxCollateralItems = 20;
    public const int MaxTextLength = 500;

    public static readonly IReadOnlyList<string> Purposes = ["working_capital", "equipment", "construction", "technology", "trade", "other"];

    public static readonly IReadOnlyList<string> CollateralTypes =
    [
        "real_estate", "equipment", "vehicle", "inventory", "receivables", "deposit", "intellectual_property", "equity", "personal_guarantee", "other",
    ];

    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>Every field error at once, keyed by the JSON path of the field to fix.</summary>
    public static (ValidSubmission? Submission, Dictionary<string, string[]> Errors) Validate(GuaranteeConfiguration config, SubmitApplicationRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var key = request.ApplicationKey?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            Add("applicationKey", "Required: your own key for this application (unique among your applications).");
        }
        else if (!ApplicationKeyPattern().IsMatch(key))
        {
            Add("applicationKey", "1 to 64 characters: letters, digits and . _ - : / (starting with a letter or digit).");
        }

        var uscc = request.Uscc?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(uscc))
        {
            Add("uscc", "Required: the enterprise's Unified Social Credit Code (18 characters).");
        }
        else if (uscc.Length != 18 || uscc.Any(c => !UsccAlphabet.Contains(c, StringComparison.Ordinal)))
        {
            Add("uscc", "A Unified Social Credit Code has 18 characters: digits and capital letters except I, O, S, V and Z.");
        }

        if (request.Currency is { } currency && !string.Equals(currency.Trim(), Money.Currency, StringComparison.OrdinalIgnoreCase))
        {
            Add("currency", "Only CNY: the fund guarantees loans in renminbi.");
        }

        if (request.LoanAmount is null)
        {
            Add("loanAmount", "Required: the loan amount in CNY.");
        }

        if (request.TermMonths is null)
        {
            Add("termMonths", "Required: the loan's term in months.");
        }

        if (string.IsNullOrWhiteSpace(request.Programme))
        {
            Add("programme", $"Required: one of {string.Join(", ", config.CoverageProgrammes.Select(p => p.Code))}.");
        }

        if (request.RequestedCoverage is null)
        {
            Add("requestedCoverage", "Required: the share of the loan to guarantee, as a fraction (0.85 for 85%).");
        }

        InstalmentType? instalmentType = null;
        if (request.Instalments is null)
        {
            Add("instalments", "Required: { \"type\": \"bullet\" | \"equal_instalments\", \"instalments\": n }.");
        }
        else
        {
            instalmentType = request.Instalments.Type?.Trim().ToLowerInvariant() switch
            {
                Instalment.Bullet => InstalmentType.Bullet,
                Instalment.EqualInstalments => InstalmentType.EqualInstalments,
                _ => null,
            };
            if (instalmentType is null)
            {
                Add("instalments.type", "Use bullet (one repayment at maturity) or equal_instalments.");
            }
            else if (instalmentType == InstalmentType.EqualInstalments && request.Instalments.Instalments is null)
            {
                Add("instalments.instalments", "Required for equal instalments: their number.");
            }
        }

        var purpose = request.Purpose?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(purpose))
        {
            Add("purpose", $"Required: one of {string.Join(", ", Purposes)}.");
        }
        else if (!Purposes.Contains(purpose))
        {
            Add("purpose", $"'{request.Purpose}' is not a purpose; use one of {string.Join(", ", Purposes)}.");
        }

        if (request.PurposeDetail is { Length: > MaxTextLength })
        {
            Add("purposeDetail", $"At most {MaxTextLength} characters.");
        }

        LoanRequest? loan = null;
        if (request.LoanAmount is { } amount && request.TermMonths is { } term && !string.IsNullOrWhiteSpace(request.Programme)
            && request.RequestedCoverage is { } coverage && instalmentType is { } type)
        {
            var count = type == InstalmentType.Bullet ? request.Instalments!.Instalments ?? 1 : request.Instalments!.Instalments!.Value;
            loan = new LoanRequest(amount, term, request.Programme.Trim().ToLowerInvariant(), coverage, new InstalmentPlan(type, count));
        }

        // The loan's rules run on what was sent even when a part is missing: a missing part (already reported as
        // required) is stood in for by a value that passes, so the amounts are judged in the same answer.
        var judged = loan ?? new LoanRequest(
            request.LoanAmount ?? 1m,
            request.TermMonths ?? LoanRequest.MaxTermMonths,
            string.IsNullOrWhiteSpace(request.Programme) ? config.CoverageProgrammes[0].Code : request.Programme.Trim().ToLowerInvariant(),
            request.RequestedCoverage ?? 0.5m,
            instalmentType is { } judgedType && (judgedType == InstalmentType.Bullet || request.Instalments?.Instalments is not null)
                ? new InstalmentPlan(judgedType, judgedType == InstalmentType.Bullet ? request.Instalments?.Instalments ?? 1 : request.Instalments!.Instalments!.Value)
                : InstalmentPlan.Bullet);
        foreach (var (field, messages) in LoanRequest.Validate(config, judged).Where(e => loan is not null || !errors.ContainsKey(e.Key)))
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }

        var collateral = new List<CollateralItem>();
        var items = request.Collateral ?? [];
        if (items.Count > MaxCollateralItems)
        {
            Add("collateral", $"At most {MaxCollateralItems} collateral items.");
        }

        for (var i = 0; i < items.Count && i < MaxCollateralItems; i++)
        {
            var item = items[i];
            var path = $"collateral[{i}]";
            if (item is null)
            {
                Add(path, "A collateral item has a type, a description and a value.");
                continue;
            }

            var itemType = item.Type?.Trim().ToLowerInvariant();
            if (itemType is null || !CollateralTypes.Contains(itemType))
            {
                Add($"{path}.type", $"Use one of {string.Join(", ", CollateralTypes)}.");
            }

            if (item.Description is { Length: > MaxTextLength })
            {
                Add($"{path}.description", $"At most {MaxTextLength} characters.");
            }

            if (item.Value is not { } value || value <= 0 || value > Money.MaxAmount || !Money.HasAtMostTwoDecimals(value))
            {
                Add($"{path}.value", "Required: the collateral's value in CNY, above zero, with at most two decimals.");
            }

            collateral.Add(new CollateralItem(itemType ?? "", item.Description?.Trim() ?? "", item.Value ?? 0));
        }

        var statements = new List<FinancialStatement>();
        var given = request.FinancialStatements ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var s = given[i];
            var path = $"financialStatements[{i}]";
            if (s is null)
            {
                Add(path, "A statement has a fiscal year and its figures.");
                continue;
            }

            decimal Required(decimal? value, string field)
            {
                if (value is null)
                {
                    Add($"{path}.{field}", "Required (CNY; 0 if none).");
                }

                return value ?? 0;
            }

            if (s.FiscalYear is null)
            {
                Add($"{path}.fiscalYear", "Required: the fiscal year (e.g. 2025).");
            }

            var opening = s.Opening is null ? null : new WorkingCapital(
                Required(s.Opening.Receivables, "opening.receivables"), Required(s.Opening.Inventory, "opening.inventory"),
                Required(s.Opening.Payables, "opening.payables"));
            statements.Add(new FinancialStatement(s.FiscalYear ?? 0, Required(s.Sales, "sales"), Required(s.OperatingProfit, "operatingProfit"),
                Required(s.NetProfit, "netProfit"), Required(s.Depreciation, "depreciation"), Required(s.Receivables, "receivables"),
                Required(s.Inventory, "inventory"), Required(s.Payables, "payables"), Required(s.Cash, "cash"), Required(s.Borrowings, "borrowings"),
                Required(s.TotalAssets, "totalAssets"), Required(s.NetAssets, "netAssets"), opening));
        }

        foreach (var (field, messages) in RiskGrading.Validate(statements).Where(e => !errors.ContainsKey(e.Key)))
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }

        var result = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        return result.Count > 0 || loan is null || key is null || uscc is null || purpose is null
            ? (null, result)
            : (new ValidSubmission(key, uscc, loan, purpose, string.IsNullOrWhiteSpace(request.PurposeDetail) ? null : request.PurposeDetail.Trim(),
                collateral, statements, request.Consent?.UseDiagnosis ?? false, request.Consent?.UseCounsellingHistory ?? false), result);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/\-]{0,63}$")]
    private static partial Regex ApplicationKeyPattern();
}

/// <summary>
/// A request member the API accepts absent (it has a default or is conditional, as its description says): the bank
/// OpenAPI document does not list it as required.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionalInContractAttribute : Attribute;
