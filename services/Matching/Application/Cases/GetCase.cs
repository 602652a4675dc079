using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Cases;

public sealed record GetCaseRequest(Guid Id);

public sealed class GetCaseHandler(CaseLoader cases, IntroductionStore introductions, ConfigurationStore configuration, TimeProvider clock)
{
    public async Task<Outcome<CaseView>> HandleAsync(GetCaseRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (await cases.LoadAsync(request.Id, Viewer.Of(caller), ct) is not { } loaded)
        {
            return Refusal.NotFound("No such case.");
        }

        var config = await configuration.CurrentAsync(ct);
        return CaseView.Of(loaded, await introductions.RatingsAsync(request.Id, ct), config.Stages, clock.GetUtcNow());
    }
}
