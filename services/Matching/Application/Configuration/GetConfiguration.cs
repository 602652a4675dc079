using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Configuration;

namespace SmePlatform.Matching.Application.Configuration;

public sealed record GetConfigurationRequest;

/// <summary>The configuration in force: weights, review rule, validity, stage rules and fees, with its version.</summary>
public sealed class GetConfigurationHandler(ConfigurationStore configuration)
{
    public async Task<Outcome<MatchingConfiguration>> HandleAsync(GetConfigurationRequest request, ClaimsPrincipal caller, CancellationToken ct) =>
        await configuration.CurrentAsync(ct);
}
