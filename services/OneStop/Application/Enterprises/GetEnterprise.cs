using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>One entry, by id or by Unified Social Credit Code (exactly one of them).</summary>
public sealed record FindEnterpriseRequest(Guid? Id, string? Uscc);

/// <summary>
/// One entry of the register, deactivated and merged ones too (with their status: a caller holding an old id learns
/// what became of it). An enterprise outside a clerk's ward answers exactly like one that does not exist: ids reveal nothing.
/// </summary>
public sealed class FindEnterpriseHandler(RegisterStore register)
{
    public async Task<Outcome<Enterprise>> HandleAsync(FindEnterpriseRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (request.Id is { } id)
        {
            return await register.FindAsync(id, ct) is { } byId && caller.WardScope().Allows(byId.Ward) ? byId : EnterpriseRefusals.NotFound(id);
        }

        var parsed = UnifiedSocialCreditCode.Parse(request.Uscc ?? "");
        if (parsed.Code is not { } code)
        {
            return Refusal.Invalid(parsed.Error!.Message, "uscc", parsed.Error.Message);
        }

        return await register.FindByUsccAsync(code.Value, ct) is { } byCode && caller.WardScope().Allows(byCode.Ward)
            ? byCode
            : Refusal.NotFound($"No enterprise is registered with code {code.Value}.");
    }
}
