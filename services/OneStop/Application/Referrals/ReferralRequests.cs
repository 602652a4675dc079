using System.Text.RegularExpressions;
using SmePlatform.Contracts.Referrals;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Application.Referrals;

/// <summary>Referring a case: the target service, a note for it, and for the credit guarantee centre the loan sought.</summary>
public sealed record SendReferralRequest(string? Target, string? Note, LoanRequestBody? LoanRequest);

/// <summary>The loan an enterprise seeks, as counter staff take it down (credit-guarantee referrals only).</summary>
public sealed record LoanRequestBody(string? BankId, decimal? LoanAmount, int? TermMonths, string? Purpose, string? InstalmentType);

/// <summary>Cancelling a referral says why.</summary>
public sealed record CancelReferralRequest(string? Reason);

/// <summary>A valid referral request: the target, the trimmed note, and the loan request when the target needs one.</summary>
public sealed record ValidReferralRequest(ReferralTarget Target, string Note, ReferredLoanRequest? LoanRequest);

/// <summary>Checks a referral request field by field and names every error at once (400 with field errors).</summary>
public static partial class ReferralRequests
{
    public const int MaxNoteLength = 1000;
    public const int MaxPurposeLength = 64;
    public const int MaxTermMonths = 360;

    /// <summary>CNY 1 billion: far beyond any SME loan, so a larger figure is a unit mistake (yuan typed as fen).</summary>
    public const decimal MaxLoanAmount = 1_000_000_000m;

    /// <summary>As the credit guarantee centre's bank API names them, so that the referral becomes an application as it is.</summary>
    public static readonly IReadOnlyList<string> Purposes = ["working_capital", "equipment", "construction", "technology", "trade", "other"];

    public static readonly IReadOnlyList<string> InstalmentTypes = ["bullet", "equal_instalments"];

    public static (ValidReferralRequest? Request, Dictionary<string, string[]> Errors) Validate(SendReferralRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        var target = ReferralStore.FromWire(request?.Target);
        if (target is null)
        {
            errors["target"] = [$"target is one of: {ReferralTargets.CreditGuarantee}, {ReferralTargets.Diagnosis}, {ReferralTargets.PartnershipMatching}."];
        }

        var note = request?.Note?.Trim() ?? string.Empty;
        if (note.Length > MaxNoteLength)
        {
            errors["note"] = [$"A note has at most {MaxNoteLength} characters."];
        }

        ReferredLoanRequest? loan = null;
        if (target == ReferralTarget.CreditGuarantee)
        {
            if (request?.LoanRequest is not { } body)
            {
                errors["loanRequest"] = ["A referral to the credit guarantee centre needs the loan sought: { bankId, loanAmount, termMonths, purpose, instalmentType? }."];
            }
            else
            {
                loan = ValidateLoan(body, errors);
            }
        }
        else if (target is not null && request?.LoanRequest is not null)
        {
            errors["loanRequest"] = ["Only a referral to credit-guarantee carries a loan request."];
        }

        return errors.Count > 0 ? (null, errors) : (new ValidReferralRequest(target!.Value, note, loan), errors);
    }

    private static ReferredLoanRequest? ValidateLoan(LoanRequestBody body, Dictionary<string, string[]> errors)
    {
        var bankId = body.BankId?.Trim();
        if (string.IsNullOrEmpty(bankId))
        {
            errors["loanRequest.bankId"] = ["Required: the partner bank the enterprise chose."];
        }
        else if (!BankIdPattern().IsMatch(bankId))
        {
            errors["loanRequest.bankId"] = ["A bank id is 1 to 64 letters, digits, '-' or '_'."];
        }

        switch (body.LoanAmount)
        {
            case null:
                errors["loanRequest.loanAmount"] = ["Required: the loan amount in CNY."];
                break;
            case <= 0:
                errors["loanRequest.loanAmount"] = ["The loan amount must be greater than zero."];
                break;
            case > MaxLoanAmount:
                errors["loanRequest.loanAmount"] = [$"A loan above CNY {MaxLoanAmount:N0} is beyond any SME loan; check the amount and its unit (CNY)."];
                break;
            case { } amount when decimal.Round(amount, 2) != amount:
                errors["loanRequest.loanAmount"] = ["The loan amount has at most two decimals (fen)."];
                break;
        }

        if (body.TermMonths is null)
        {
            errors["loanRequest.termMonths"] = ["Required: the loan's term in months."];
        }
        else if (body.TermMonths is < 1 or > MaxTermMonths)
        {
            errors["loanRequest.termMonths"] = [$"The term is 1 to {MaxTermMonths} months."];
        }

        var purpose = body.Purpose?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(purpose))
        {
            errors["loanRequest.purpose"] = [$"Required: one of {string.Join(", ", Purposes)}."];
        }
        else if (!Purposes.Contains(purpose))
        {
            errors["loanRequest.purpose"] = [$"'{Shorten(body.Purpose!)}' is not a purpose; use one of {string.Join(", ", Purposes)}."];
        }

        var instalmentType = string.IsNullOrWhiteSpace(body.InstalmentType) ? null : body.InstalmentType.Trim().ToLowerInvariant();
        if (instalmentType is not null && !InstalmentTypes.Contains(instalmentType))
        {
            errors["loanRequest.instalmentType"] = [$"Use {string.Join(" or ", InstalmentTypes)}, or leave it out for a bullet loan."];
        }

        return errors.Keys.Any(k => k.StartsWith("loanRequest", StringComparison.Ordinal))
            ? null
            : new ReferredLoanRequest(bankId!, body.LoanAmount!.Value, body.TermMonths!.Value, purpose!, instalmentType);
    }

    private static string Shorten(string value) => value.Length <= MaxPurposeLength ? value : value[..MaxPurposeLength] + "…";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex BankIdPattern();
}
