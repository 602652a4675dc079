using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The bank's side of the guarantee lifecycle (docs/partner-bank-api.md): repayments, default, claim, recoveries, and
/// withdrawal before issuance. A guarantee's id is its application's id. Every write needs an Idempotency-Key: the same
/// key and body return the first answer (Idempotent-Replayed: true), the same key with another body or on another
/// operation is 409. A request that is invalid (400), not the bank's (404) or refused by the workflow (409) stores
/// nothing and leaves the key unused. Another bank's guarantee answers 404.
/// </summary>
public static class BankGuaranteeEndpoints
{
    private const string OwnBank = "partner banks: own guarantees only (another bank's answers 404)";

    public static IEndpointRouteBuilder MapBankGuaranteeEndpoints(this IEndpointRouteBuilder routes)
    {
        var guarantees = routes.MapGroup(BankApplicationEndpoints.Prefix + "/guarantees").WithTags("Guarantees").WithGroupName(BankApiDocument.Name);
        guarantees.MapWrite<RepaymentRequest, ReportRepaymentHandler>("/{id:guid}/repayments", "ReportRepayment",
                "Report a repayment of principal (Idempotency-Key required); the guarantee is repaid when nothing is outstanding.")
            .RequireAccess(OwnBank, Roles.Bank);
        guarantees.MapWrite<DefaultRequest, ReportDefaultHandler>("/{id:guid}/default", "ReportDefault",
                "Report the borrower's default (Idempotency-Key required): at least the configured days past due (preset 60).")
            .RequireAccess(OwnBank, Roles.Bank);
        guarantees.MapWrite<ClaimRequest, FileClaimHandler>("/{id:guid}/claims", "FileClaim",
                "File the claim on a defaulted guarantee (Idempotency-Key required): at most the guaranteed amount and the outstanding at default.")
            .RequireAccess(OwnBank, Roles.Bank);
        guarantees.MapWrite<RecoveryRequest, ReportRecoveryHandler>("/{id:guid}/recoveries", "ReportRecovery",
                "Report a recovery on a paid claim (Idempotency-Key required): recoveries in total at most the claim paid.")
            .RequireAccess(OwnBank, Roles.Bank);
        routes.MapGroup(BankApplicationEndpoints.Prefix + "/applications").WithTags("Applications").WithGroupName(BankApiDocument.Name)
            .MapWrite<WithdrawalRequest, WithdrawApplicationHandler>("/{id:guid}/withdrawal", "WithdrawApplication",
                "Withdraw an application before its guarantee is issued (Idempotency-Key required).")
            .RequireAccess(OwnBank, Roles.Bank);
        return routes;
    }
}
