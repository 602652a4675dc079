using System.Security.Claims;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Application;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.Data;
using SmePlatform.OneStop.Application.SizeRuleSets;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Api;

/// <summary>A stored version with its definition (the JSON shape of <see cref="SizeRuleSetJson"/>).</summary>
public sealed record SizeRuleSetDetails(SizeRuleSetSummary RuleSet, JsonElement Definition);

/// <summary>What publishing answers: the stored version and the reclassification job it started.</summary>
public sealed record PublishedSizeRuleSet(SizeRuleSetSummary RuleSet, ReclassificationProgress Reclassification);

/// <summary>A reclassification job as the API shows it, with its progress in percent of the register at publication.</summary>
public sealed record ReclassificationProgress(
    Guid Id, string RuleSetId, int RuleSetVersion, string Status, int Total, int Processed, int Reclassified, int Changed, int Batches,
    decimal PercentDone, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? LastError)
{
    public static ReclassificationProgress Of(ReclassificationJob job) => new(job.Id, job.RuleSetId, job.RuleSetVersion, job.Status,
        job.Total, job.Processed, job.Reclassified, job.Changed, job.Batches,
        job.Status == ReclassificationStatus.Completed ? 100m
            : job.Total == 0 ? 0m : Math.Min(99.9m, Math.Round(100m * job.Processed / job.Total, 1)),
        job.CreatedAt, job.StartedAt, job.FinishedAt, job.LastError);
}

public static class SizeRuleSetEndpoints
{
    private static readonly string[] Readers =
        [Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin];

    private static readonly string[] Editors = [Roles.SmeOffice, Roles.Admin];

    public static IEndpointRouteBuilder MapSizeRuleSetEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/onestop/size-rule-sets").WithTags("Size rule sets");
        group.MapPost("/", PublishAsync).WithName("PublishSizeRuleSet")
            .Accepts<JsonElement>("application/json")
            .RequireAccess("the SME Office and administrators publish a new version; it becomes current and reclassifies the register", Editors);
        group.MapGet("/", ListAsync).WithName("ListSizeRuleSets")
            .RequireAccess("every staff role, city-wide (rule sets are the same for every ward)", Readers);
        group.MapGet("/{version:int}", GetAsync).WithName("GetSizeRuleSet")
            .RequireAccess("every staff role, city-wide", Readers);
        group.MapGet("/{version:int}/reclassification", ReclassificationAsync).WithName("GetReclassification")
            .RequireAccess("every staff role, city-wide (counts only, no enterprise data)", Readers);
        return routes;
    }

    /// <summary>
    /// Publishes the body (a whole rule set, validated by <see cref="SizeRuleSetValidator"/>) as the next version of the
    /// jurisdiction; it becomes current at once, so registrations and updates classify by it, and ONE background job
    /// reclassifies every active enterprise (its progress: GET …/{version}/reclassification). Versions are numbered per
    /// jurisdiction: the body's version must be the latest + 1 (400 otherwise, 409 when that version already exists).
    /// </summary>
    internal static async Task<Results<Created<PublishedSizeRuleSet>, ProblemHttpResult>> PublishAsync(
        HttpRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, ReclassificationSignal signal, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return OneStopProblems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Send the rule set as JSON (Content-Type: application/json)."] }, InvalidTitle);
        }

        string json;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            json = await reader.ReadToEndAsync(cancellationToken);
        }

        var (ruleSet, errors) = SizeRuleSetJson.Deserialize(json);
        if (ruleSet is null)
        {
            return OneStopProblems.Invalid(errors, InvalidTitle);
        }

        if (!string.Equals(ruleSet.Jurisdiction, SizeRuleSetStore.Jurisdiction, StringComparison.Ordinal))
        {
            return OneStopProblems.Invalid(new Dictionary<string, string[]> { ["jurisdiction"] = [$"The register classifies by rule sets of jurisdiction {SizeRuleSetStore.Jurisdiction}."] }, InvalidTitle);
        }

        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(cancellationToken);
        var latest = await SizeRuleSetStore.LockLatestVersionAsync(unit, cancellationToken);
        if (ruleSet.Version <= latest)
        {
            return Refusal.Conflict("rule-set-version-exists", $"Version {ruleSet.Version} is already published.",
                $"Stored versions are never changed; publish your change as version {latest + 1}.").With("latestVersion", latest).ToProblem();
        }

        if (ruleSet.Version != latest + 1)
        {
            return OneStopProblems.Invalid(new Dictionary<string, string[]> { ["version"] = [$"The next version is {latest + 1} (the latest is {latest}); versions have no gaps."] }, InvalidTitle);
        }

        var actor = Actor.From(user);
        await SizeRuleSetStore.InsertAsCurrentAsync(unit, ruleSet, actor.Id, now, cancellationToken);
        var job = await ReclassificationJobs.OpenAsync(unit, ruleSet, actor.Id, now, cancellationToken);
        await unit.AuditAsync(new AuditEntry(actor, "size-rule-set.published", "size_rule_set", $"{ruleSet.Id} v{ruleSet.Version}", null,
            new { ruleSet.Id, ruleSet.Version, ruleSet.Name, reclassificationJobId = job.Id }), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        signal.Notify();

        var summary = new SizeRuleSetSummary
        {
            Id = ruleSet.Id, Version = ruleSet.Version, Jurisdiction = ruleSet.Jurisdiction, EffectiveFrom = ruleSet.EffectiveFrom,
            EffectiveTo = ruleSet.EffectiveTo, IsCurrent = true, LoadedAt = now, LoadedBy = actor.Id,
        };
        return TypedResults.Created($"/api/onestop/size-rule-sets/{ruleSet.Version}", new PublishedSizeRuleSet(summary, ReclassificationProgress.Of(job)));
    }

    internal static async Task<Ok<IReadOnlyList<SizeRuleSetSummary>>> ListAsync(SizeRuleSetStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    internal static async Task<Results<Ok<SizeRuleSetDetails>, NotFound>> GetAsync(int version, SizeRuleSetStore store,
        CancellationToken cancellationToken) =>
        await store.FindByVersionAsync(version, cancellationToken) is { } found
            ? TypedResults.Ok(new SizeRuleSetDetails(found.Summary, JsonSerializer.Deserialize<JsonElement>(found.Definition)))
            : TypedResults.NotFound();

    /// <summary>The job the version started: status, counts, percent done. 404 for an unknown version or the seeded one.</summary>
    internal static async Task<Results<Ok<ReclassificationProgress>, NotFound>> ReclassificationAsync(int version, SizeRuleSetStore store,
        ReclassificationJobs jobs, CancellationToken cancellationToken)
    {
        if (await store.FindByVersionAsync(version, cancellationToken) is not { } found
            || await jobs.FindAsync(found.Summary.Id, found.Summary.Version, cancellationToken) is not { } job)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ReclassificationProgress.Of(job));
    }

    private const string InvalidTitle = "The size rule set cannot be published as submitted.";
}
