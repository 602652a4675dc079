using System.Text.Json;
using Grpc.Core;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.OneStop.Application.Referrals;
using SmePlatform.ServiceDefaults.Grpc;
using SmePlatform.ServiceDefaults.Http;
using RequestReferralMessage = SmePlatform.Contracts.OneStop.V1.RequestReferralRequest;

namespace SmePlatform.OneStop.Grpc;

/// <summary>
/// smeplatform.onestop.v1.ReferralDesk: other services ask for referrals through the counter's loop, by the same use
/// case as the counter's own referral (<see cref="RequestReferralHandler"/>, <see cref="ReferralSending"/>). Refusals
/// travel as the proto names fields (snake_case), so the caller can name each field error to its own user.
/// </summary>
public sealed class ReferralDeskService(RequestReferralHandler handler) : ReferralDesk.ReferralDeskBase
{
    public override async Task<RequestedReferral> RequestReferral(RequestReferralMessage request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var loan = request.LoanRequest is { } l
            ? new LoanRequestBody(l.BankId, l.LoanAmount?.ToDecimal(), l.TermMonths == 0 ? null : l.TermMonths, l.Purpose,
                l.InstalmentType.Length == 0 ? null : l.InstalmentType)
            : null;
        var outcome = await handler.HandleAsync(new Application.Referrals.RequestReferralRequest(request.RequestId, request.EnterpriseId,
            new SendReferralRequest(request.Target, request.Note, loan), request.RequestedBy, request.OriginReference),
            context.GetHttpContext().User, context.CancellationToken);
        return outcome.Match(
            view => new RequestedReferral
            {
                ReferralId = view.ReferralId.ToString(), CaseId = view.CaseId.ToString(), Ward = view.Ward, State = WireStyle.Name(view.State),
                CaseOpened = view.CaseOpened,
            },
            refusal => throw (refusal with { Errors = refusal.Errors.ToDictionary(e => ProtoPath(e.Key), e => e.Value) }).ToRpcException());
    }

    /// <summary>"loanRequest.bankId" as the proto names it: "loan_request.bank_id".</summary>
    internal static string ProtoPath(string path) =>
        string.Join('.', path.Split('.').Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
}
