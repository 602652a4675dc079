using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Polly.CircuitBreaker;
using Grpc.Core;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using DirectoryClient = SmePlatform.Contracts.OneStop.V1.EnterpriseDirectory.EnterpriseDirectoryClient;

namespace SmePlatform.ClusterStats.Features.ProjectionRebuild;

/// <summary>What a rebuild did: enterprises read from the register, rows added, rows whose ward or section changed.</summary>
public sealed record RebuildResult(int Scanned, int Added, int Updated);

/// <summary>
/// Rebuilds <c>registered_enterprises</c> from OneStop's register over gRPC: what an operator runs after restoring a
/// backup, or when events may have been lost. Idempotent (upserts by enterprise id), resumable in effect (every batch
/// commits on its own), safe next to the live consumer (both write the same facts).
/// </summary>
public static class RegisteredEnterprisesRebuild
{
    /// <summary>Enterprises per ListEnterprises call; each call has its own deadline, so the register's size does not matter.</summary>
    public const int PageSize = 5_000;

    /// <summary>Rows per upsert statement and transaction.</summary>
    public const int BatchSize = 500;

    /// <summary>Deadline of each ListEnterprises call.</summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapProjectionRebuildEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/stats/projections/registered-enterprises/rebuild", RebuildAsync)
            .WithTags("Projections").WithName("RebuildRegisteredEnterprises")
            .RequireAccess("operations: reconciles the whole projection with the register", Roles.Admin);
        return routes;
    }

    internal static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> RebuildAsync(
        HttpContext httpContext, DirectoryClient directory, GrpcCircuit<DirectoryClient> circuit, NpgsqlDataSource dataSource, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        // OneStop decides what the caller may read: the rebuild acts with the operator's own token, never with more.
        var headers = new Metadata();
        headers.Add("authorization", httpContext.Request.Headers.Authorization.ToString());
        var logger = loggers.CreateLogger(typeof(RegisteredEnterprisesRebuild));
        var progress = new RebuildProgress();
        try
        {
            await RunAsync(directory, dataSource, headers, progress, cancellationToken);
            logger.LogInformation("Rebuilt registered_enterprises from OneStop: {Scanned} scanned, {Added} added, {Updated} updated",
                progress.Scanned, progress.Added, progress.Updated);
            return TypedResults.Ok(progress.ToResult());
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Rebuild of registered_enterprises stopped after {Scanned} enterprises: OneStop answered {Status} ({Detail})",
                progress.Scanned, exception.StatusCode, exception.Status.Detail);
            return TypedResults.Problem(Problem(exception, circuit, progress));
        }
    }

    private static async Task RunAsync(DirectoryClient directory, NpgsqlDataSource dataSource, Metadata headers,
        RebuildProgress progress, CancellationToken cancellationToken)
    {
        var batch = new List<Enterprise>(BatchSize);
        var pageToken = string.Empty;
        do
        {
            using var call = directory.ListEnterprises(new ListEnterprisesRequest { PageSize = PageSize, PageToken = pageToken },
                headers, DateTime.UtcNow + CallDeadline, cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                batch.Add(call.ResponseStream.Current);
                progress.Scanned++;
                if (batch.Count == BatchSize)
                {
                    await UpsertAsync(dataSource, batch, progress, cancellationToken);
                }
            }

            pageToken = call.GetTrailers().GetValue("next-page-token") ?? string.Empty;
        }
        while (pageToken.Length > 0);

        await UpsertAsync(dataSource, batch, progress, cancellationToken);
    }

    /// <summary>
    /// One statement per batch: new enterprises are added, ones whose ward or industry section changed in the register
    /// are corrected, the rest are left alone (no dead tuples for unchanged rows).
    /// </summary>
    private static async Task UpsertAsync(NpgsqlDataSource dataSource, List<Enterprise> batch, RebuildProgress progress, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var outcomes = await connection.QueryAsync<bool>(new CommandDefinition(
            """
            INSERT INTO registered_enterprises (enterprise_id, ward, industry_section, registered_at)
            SELECT * FROM unnest(@ids, @wards, @sections, @registeredAt)
            ON CONFLICT (enterprise_id) DO UPDATE
                SET ward = EXCLUDED.ward, industry_section = EXCLUDED.industry_section
                WHERE (registered_enterprises.ward, registered_enterprises.industry_section)
                      IS DISTINCT FROM (EXCLUDED.ward, EXCLUDED.industry_section)
            RETURNING xmax = 0 AS inserted
            """,
            new
            {
                ids = batch.Select(e => Guid.Parse(e.Id)).ToArray(),
                wards = batch.Select(e => e.Ward).ToArray(),
                sections = batch.Select(e => e.IndustryCode[..1]).ToArray(),
                registeredAt = batch.Select(e => e.RegisteredAt.ToDateTime()).ToArray(),
            },
            cancellationToken: cancellationToken));
        foreach (var inserted in outcomes)
        {
            if (inserted)
            {
                progress.Added++;
            }
            else
            {
                progress.Updated++;
            }
        }

        batch.Clear();
    }

    /// <summary>OneStop away or failing is the register's problem, never a 500 of ours: 503 (try later), 504 or 502.</summary>
    private static ProblemDetails Problem(RpcException exception, GrpcCircuit<DirectoryClient> circuit, RebuildProgress progress)
    {
        var circuitOpen = circuit.State is CircuitState.Open or CircuitState.Isolated;
        var (status, kind, title) = exception.StatusCode switch
        {
            StatusCode.Unavailable => (StatusCodes.Status503ServiceUnavailable, "upstream-unavailable", "The enterprise register (OneStop) is unavailable."),
            StatusCode.DeadlineExceeded => (StatusCodes.Status504GatewayTimeout, "upstream-timeout", "The enterprise register (OneStop) did not answer in time."),
            _ => (StatusCodes.Status502BadGateway, "upstream-error", "The enterprise register (OneStop) failed the request."),
        };
        var detail = circuitOpen
            ? $"Calls to OneStop are suspended after repeated failures (circuit open); they resume by themselves within {circuit.BreakDuration.TotalSeconds:0} s. Try the rebuild again then."
            : $"OneStop answered {exception.StatusCode}: {exception.Status.Detail}";
        return new ProblemDetails
        {
            Status = status,
            Type = ProblemDetailsDefaults.TypeBase + kind,
            Title = title,
            Detail = detail + $" Rows already written stay: {progress.Scanned} enterprises read, {progress.Added} added; a rebuild can be repeated safely.",
            Extensions =
            {
                ["grpcStatus"] = exception.StatusCode.ToString(),
                ["circuit"] = circuitOpen ? "open" : circuit.State.ToString().ToLowerInvariant(),
                ["scanned"] = progress.Scanned,
                ["added"] = progress.Added,
            },
        };
    }

    private sealed class RebuildProgress
    {
        public int Scanned { get; set; }

        public int Added { get; set; }

        public int Updated { get; set; }

        public RebuildResult ToResult() => new(Scanned, Added, Updated);
    }
}
