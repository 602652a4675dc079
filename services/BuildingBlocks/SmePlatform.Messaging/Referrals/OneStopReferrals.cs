using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmePlatform.Application;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.Messaging.Referrals;

/// <summary>The loan sought, as the advisor or intermediary enters it (a guarantee referral needs it; the one-stop centre checks it).</summary>
public sealed record LoanSought(string? BankId, decimal? LoanAmount, int? TermMonths, string? Purpose, string? InstalmentType);

/// <summary>A referral this service asks the one-stop centre for, on behalf of <see cref="RequestedBy"/>.</summary>
public sealed record ReferralAsk(Guid RequestId, Guid EnterpriseId, string Target, string Note, LoanSought? Loan, string RequestedBy, string OriginReference);

/// <summary>The referral the counter's loop sent: its id (the replies quote it) and the counter's case it went on.</summary>
public sealed record SentReferral(Guid ReferralId, Guid CaseId);

/// <summary>
/// OneStop's smeplatform.onestop.v1.ReferralDesk over gRPC, with the calling service's own identity and a deadline, for
/// every service that starts referrals (Diagnosis, Matching): the person waits on it and sees the counter's field errors
/// and refusals at once (docs/adr/0068).
/// </summary>
public sealed class OneStopReferrals(ReferralDesk.ReferralDeskClient client, ILogger<OneStopReferrals> logger)
{
    public const string AddressKey = "Services:onestop:GrpcUrl";

    public const string DefaultAddress = "http://127.0.0.1:5201";

    public const string Refused = "The one-stop centre did not take the referral.";

    /// <summary>A person waits on this call: a one-stop centre that does not answer within it is unavailable.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<Outcome<SentReferral>> SendAsync(ReferralAsk ask, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var request = new RequestReferralRequest
        {
            RequestId = ask.RequestId.ToString(), EnterpriseId = ask.EnterpriseId.ToString(), Target = ask.Target, Note = ask.Note,
            RequestedBy = ask.RequestedBy, OriginReference = ask.OriginReference,
        };
        if (ask.Loan is { } loan)
        {
            request.LoanRequest = new Contracts.OneStop.V1.LoanSought
            {
                BankId = loan.BankId ?? "", LoanAmount = loan.LoanAmount is { } amount ? DecimalValue.From(amount) : null, TermMonths = loan.TermMonths ?? 0,
                Purpose = loan.Purpose ?? "", InstalmentType = loan.InstalmentType ?? "",
            };
        }

        try
        {
            var sent = await client.RequestReferralAsync(request, deadline: DateTime.UtcNow + Deadline, cancellationToken: ct);
            return new SentReferral(Guid.Parse(sent.ReferralId), Guid.Parse(sent.CaseId));
        }
        catch (RpcException exception) when (!ct.IsCancellationRequested)
        {
            if (exception.Status.DebugException is not ServiceTokenUnavailableException && exception.ToRefusal(Refused) is { } refusal)
            {
                return refusal;
            }

            logger.LogWarning("The one-stop centre did not answer the referral request: {Status} {Detail}", exception.StatusCode, exception.Status.Detail);
            return Refusal.Unavailable("onestop-unavailable", "The one-stop centre cannot take the referral now; nothing was sent.",
                "Try again shortly.");
        }
    }
}

public static class OneStopReferralsRegistration
{
    public static IServiceCollection AddOneStopReferrals(this IServiceCollection services)
    {
        services.AddServiceIdentity();
        services.AddPlatformGrpcClient<ReferralDesk.ReferralDeskClient>(ReferralDesk.Descriptor, OneStopReferrals.AddressKey, OneStopReferrals.DefaultAddress,
            (provider, ct) => provider.GetRequiredService<ServiceTokenProvider>().GetAsync(ct));
        services.AddTransient<OneStopReferrals>();
        return services;
    }
}
