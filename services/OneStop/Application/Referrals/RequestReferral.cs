using System.Security.Claims;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.OneStop.Application.Cases;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Application.Referrals;

/// <summary>Another service asks for a referral on behalf of one of its people (fields as the gRPC request has them).</summary>
public sealed record RequestReferralRequest(string? RequestId, string? EnterpriseId, SendReferralRequest Referral, string? RequestedBy, string? OriginReference);

/// <summary>The referral sent: its id, the case it went on (opened for it when <see cref="CaseOpened"/>), and its state.</summary>
public sealed record RequestedReferralView(Guid ReferralId, Guid CaseId, string Ward, ReferralState State, bool CaseOpened);

/// <summary>
/// A referral requested by another service (an advisor's recommendation, an intermediary's contract) enters the counter's
/// loop as a real referral: on the enterprise's newest open case that can take one, or on a new "service-referral" case
/// in the enterprise's ward; sent by the service's person, its origin the calling service as configured for its client
/// (never what the request says). The caller's request id makes a retry answer the first referral.
/// </summary>
public sealed class RequestReferralHandler(UnitOfWorkFactory units, TimeProvider clock, IOptions<ReferralOptions> options)
{
    public const string Procedure = "service-referral";
    public const int MaxPersonLength = 128;
    public const int MaxReferenceLength = 200;

    public async Task<Outcome<RequestedReferralView>> HandleAsync(RequestReferralRequest request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Id() is not { } client || !options.Value.EffectiveRequesters.TryGetValue(client, out var service))
        {
            return Refusal.Forbidden("referral-requester-unknown", "This client may not ask for referrals.");
        }

        var (valid, errors) = ReferralRequests.Validate(request.Referral);
        var fields = new FieldErrors();
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                fields.Add(field, message);
            }
        }

        fields.AddIf(!Guid.TryParse(request.RequestId, out var requestId) || requestId == Guid.Empty, "requestId", "Required: the caller's id of this request (a UUID).");
        fields.AddIf(!Guid.TryParse(request.EnterpriseId, out var enterpriseId) || enterpriseId == Guid.Empty, "enterpriseId", "Required: the enterprise's id in the register (a UUID).");
        var person = request.RequestedBy?.Trim() ?? "";
        fields.AddIf(person.Length is 0 or > MaxPersonLength, "requestedBy", $"Required: who asked, at most {MaxPersonLength} characters.");
        var reference = request.OriginReference?.Trim() ?? "";
        fields.AddIf(reference.Length > MaxReferenceLength, "originReference", $"At most {MaxReferenceLength} characters.");
        if (fields.ToRefusal("The referral cannot be sent as requested.") is { } invalid)
        {
            return invalid;
        }

        try
        {
            return await SendAsync(new ReferralDraftRequest(requestId, enterpriseId, valid!, person, new ReferralOrigin(service, reference, requestId)), cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same request, retried while the first was still being written: the first one's referral is the answer.
            await using var unit = await units.BeginAsync(cancellationToken);
            var first = await ReferralStore.FindByOriginAsync(unit, service, requestId, cancellationToken)
                ?? throw new InvalidOperationException("A unique request id conflicted with no stored referral.", exception);
            return View(first, caseOpened: false);
        }
    }

    private sealed record ReferralDraftRequest(Guid RequestId, Guid EnterpriseId, ValidReferralRequest Referral, string Person, ReferralOrigin Origin);

    private async Task<Outcome<RequestedReferralView>> SendAsync(ReferralDraftRequest draft, CancellationToken cancellationToken)
    {
        await using var unit = await units.BeginAsync(cancellationToken);
        if (await ReferralStore.FindByOriginAsync(unit, draft.Origin.Service, draft.RequestId, cancellationToken) is { } already)
        {
            return View(already, caseOpened: false);
        }

        if (await RegisterStore.ReadAsync(unit, draft.EnterpriseId, cancellationToken) is not { } enterprise)
        {
            return Refusal.NotFound("No such enterprise in the register.");
        }

        if (enterprise.Status != "active")
        {
            return Refusal.Conflict("enterprise-deactivated", "The enterprise cannot be referred.",
                "The enterprise is deactivated; it can no longer be referred to another service.");
        }

        var now = clock.GetUtcNow();
        var actor = new Actor(draft.Person, Roles.Service, "service:" + draft.Origin.Service);
        var @case = await CaseStore.LockNewestReferableAsync(unit, enterprise.Id, cancellationToken);
        var opened = @case is null;
        if (@case is null)
        {
            var procedure = await CaseStore.CurrentProcedureAsync(unit, Procedure, cancellationToken)
                ?? throw new InvalidOperationException($"The procedure {Procedure} is seeded by migration 0010.");
            @case = await CaseOpening.OpenAsync(unit, enterprise, procedure, CaseKinds.New, actor, now, cancellationToken);
        }

        var sent = await ReferralSending.SendAsync(unit, new ReferralDraft(@case, enterprise, draft.Referral, draft.Person, draft.Origin), actor, now,
            cancellationToken);
        if (sent.Error is { } error)
        {
            return error.Kind == DomainErrorKind.Conflict
                ? Refusal.Conflict(error.Code, "The referral cannot be sent.", error.Message)
                : Refusal.Invalid("The referral cannot be sent as requested.", error.Field ?? "referral", error.Message);
        }

        await unit.CommitAsync(cancellationToken);
        return View(sent.Value!.Referral, opened);
    }

    private static RequestedReferralView View(StoredReferral stored, bool caseOpened) =>
        new(stored.Referral.Id, stored.Referral.CaseId, stored.Ward, stored.Referral.State, caseOpened);
}
