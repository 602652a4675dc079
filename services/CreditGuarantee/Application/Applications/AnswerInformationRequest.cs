using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

public sealed record AnswerRequest(string? Answer);

/// <summary>The bank answers the fund's request for more information; the application returns to examination.</summary>
public sealed class AnswerInformationRequestHandler(BankWrites writes) : IBankWriteHandler<AnswerRequest>
{
    public const int MaxAnswerLength = 4000;

    public Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(BankWrite<AnswerRequest> request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var answer = request.Body.Answer?.Trim();
        var errors = new FieldErrors().AddIf(string.IsNullOrEmpty(answer) || answer.Length > MaxAnswerLength, "answer",
            $"Required: your answer to the fund's question, at most {MaxAnswerLength} characters.");
        return writes.RunAsync(request, BankOperations.Answer, "application.information_answered", errors,
            (_, _, bank) => new LifecycleStep([(new AnswerInformation(answer!), bank)], Then: (row, _) =>
            {
                row.InformationRequest = null;
                return null;
            }),
            caller, cancellationToken);
    }
}
