using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The fund's rules as versioned configuration (docs/guarantee-rules.md "Editing the configuration"): the SME Office
/// and the fund administrator (role admin) publish a new version; nothing is ever changed in place, so every decision's
/// recorded version can be read back. Fund staff read. Partner agreements have their own endpoints.
/// </summary>
public static class ConfigurationEndpoints
{
    public const string Path = "/api/guarantee/configuration";
    private const string Readers = "the fund's rules: fund staff, the SME Office and administrators read";

    public static IEndpointRouteBuilder MapConfigurationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Configuration");
        group.MapGet("/", CurrentAsync).WithName("GetGuaranteeConfiguration")
            .RequireAccess(Readers, Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        group.MapGet("/versions", VersionsAsync).WithName("ListGuaranteeConfigurationVersions")
            .RequireAccess(Readers, Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        group.MapGet("/versions/{version:int}", VersionAsync).WithName("GetGuaranteeConfigurationVersion")
            .RequireAccess(Readers, Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        group.MapPost("/", PublishAsync).WithName("PublishGuaranteeConfiguration")
            .RequireAccess("the SME Office and the fund administrator publish a new version (If-Match: the latest version)", Roles.SmeOffice, Roles.Admin);
        PartnerAgreementEndpoints.Map(routes);
        return routes;
    }

    /// <summary>The configuration in force today (with the partner agreements), and the latest stored version.</summary>
    public sealed record CurrentView(GuaranteeConfiguration Configuration, int LatestVersion);

    public sealed record VersionSummary(string ConfigurationId, int Version, DateOnly EffectiveFrom, DateTimeOffset CreatedAt, string CreatedBy);

    /// <summary>
    /// Strict reading of a posted configuration: a missing or null field, or one the configuration does not have, is a
    /// field error. A nullable field (an open band's bound) may be left out, as GET leaves out nulls.
    /// </summary>
    private static readonly JsonSerializerOptions Strict = new(ConfigurationStore.Json)
    {
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties)
                    {
                        if (property.AssociatedParameter is { IsNullable: false, HasDefaultValue: false })
                        {
                            property.IsRequired = true;
                        }
                    }
                },
            },
        },
    };

    internal static async Task<IResult> CurrentAsync(HttpContext http, ConfigurationVersions versions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (current, latest) = await versions.CurrentAsync(ServiceClock.Today(clock.GetUtcNow()), cancellationToken);
        http.Response.Headers.ETag = ETag(latest);
        return TypedResults.Ok(new CurrentView(current, latest));
    }

    internal static async Task<IResult> VersionsAsync(ConfigurationVersions versions, CancellationToken cancellationToken)
    {
        var rows = await versions.ListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => new VersionSummary(r.Id, r.Version, r.EffectiveFrom, r.CreatedAt, r.CreatedBy)).ToList());
    }

    /// <summary>One stored version as it was published (partner agreements are not part of a version: see /partner-agreements).</summary>
    internal static async Task<IResult> VersionAsync(int version, HttpContext http, ConfigurationVersions versions, CancellationToken cancellationToken)
    {
        var document = await versions.DocumentAsync(version, cancellationToken);
        if (document is null)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Type = ProblemDetailsDefaults.TypeBase + "not-found",
                Title = $"No configuration version {version}.",
            });
        }

        http.Response.Headers.ETag = ETag(version);
        return TypedResults.Ok(ConfigurationStore.Deserialize(document));
    }

    /// <summary>
    /// Publishes the posted configuration as the next version. The body is what GET answered, edited ({ configuration,
    /// latestVersion } or the configuration alone): id optional (the current one); effectiveFrom optional or unchanged
    /// (today); version and latestVersion are ignored; partnerAgreements are ignored when unchanged and refused when
    /// changed (they have their own endpoints). If-Match names the latest version the editor started from: another
    /// publication since is 412.
    /// </summary>
    internal static async Task<IResult> PublishAsync(HttpContext http, ConfigurationVersions versions, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var user = http.User;
        if (ReadIfMatch(http) is not { } expected)
        {
            return http.Request.Headers.IfMatch.Count == 0
                ? TypedResults.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status428PreconditionRequired,
                    Type = ProblemDetailsDefaults.TypeBase + "precondition-required",
                    Title = "Send If-Match with the ETag of the configuration you edited.",
                    Detail = "A new version is published against the latest one read (GET returns it in the ETag header), so that one editor never silently undoes another's change.",
                })
                : VersionConflict(null);
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return Validation(new() { ["body"] = ["Send the configuration as a JSON object."] });
        }

        if (body is not JsonObject document)
        {
            return Validation(new() { ["body"] = ["Send the configuration as a JSON object."] });
        }

        // GET answers { configuration, latestVersion }: that answer is taken back as it is (If-Match carries the version).
        if (document["configuration"] is JsonObject wrapped)
        {
            document = wrapped;
        }

        var now = clock.GetUtcNow();
        var today = ServiceClock.Today(now);
        await using var unit = await units.BeginAsync(cancellationToken);
        // Publications one at a time (the version number and the If-Match check are then exact), and in a total order with
        // approvals: the exposure lock (docs/adr/0010) means an approval checks its caps under one version or the next, never a mix.
        await ApplicationStore.LockExposureAsync(unit, cancellationToken);
        var latest = await versions.LatestVersionAsync(unit, cancellationToken);
        if (expected != latest)
        {
            return VersionConflict(latest);
        }

        var previous = await versions.CurrentAsync(unit, today, cancellationToken);
        if (!ConfigurationRoundTrip.SameAgreements(document["partnerAgreements"], previous))
        {
            return Validation(new() { ["partnerAgreements"] = ["Partner agreements are not part of a configuration version: edit them at /api/guarantee/partner-agreements."] });
        }

        var latestEffective = await versions.EffectiveFromAsync(unit, latest, cancellationToken);
        document["version"] = latest + 1;
        document["partnerAgreements"] = new JsonArray();
        document["id"] ??= previous.Id;
        // The in-force version's own day, sent back unchanged, asks for nothing: the new version takes effect today.
        if (document["effectiveFrom"] is null || ConfigurationRoundTrip.IsDay(document["effectiveFrom"], previous.EffectiveFrom))
        {
            document["effectiveFrom"] = ConfigurationStore.Iso(today);
        }

        GuaranteeConfiguration? configuration;
        try
        {
            configuration = document.Deserialize<GuaranteeConfiguration>(Strict);
        }
        catch (JsonException exception)
        {
            return Validation(new() { [FieldOf(exception.Path)] = [FieldMessage(exception)] });
        }

        if (configuration is null)
        {
            return Validation(new() { ["body"] = ["Send the configuration as a JSON object."] });
        }

        var errors = GuaranteeConfigurationValidator.Validate(configuration);
        if (configuration.EffectiveFrom < today || configuration.EffectiveFrom < latestEffective)
        {
            var from = latestEffective > today ? latestEffective : today;
            errors["effectiveFrom"] = [$"A new version takes effect from {from:yyyy-MM-dd} or later: decisions already taken keep the version they used, and versions take effect in order."];
        }

        if (errors.Count > 0)
        {
            return Validation(errors);
        }

        await versions.InsertAsync(unit, configuration, user.Id() ?? "unknown", cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "configuration.published", "guarantee_configuration", configuration.Version.ToString(CultureInfo.InvariantCulture),
            new { previous.Id, previous.Version, previous.EffectiveFrom }, configuration with { PartnerAgreements = [] }), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = ETag(configuration.Version);
        return TypedResults.Created($"{Path}/versions/{configuration.Version}", configuration);
    }

    private static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The version an If-Match header names ("3" or W/"3"); null when absent or not one of ours.</summary>
    private static int? ReadIfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }

    private static IResult VersionConflict(int? latest) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status412PreconditionFailed,
        Type = ProblemDetailsDefaults.TypeBase + "version-conflict",
        Title = latest is null ? "If-Match does not name a configuration version." : "The configuration was changed since you read it.",
        Detail = latest is null
            ? "Send the ETag from the last GET, e.g. If-Match: \"3\"."
            : $"Version {latest} is the latest now; read it, reapply your change and send its ETag. Nothing was published.",
        Extensions = { ["currentETag"] = latest is null ? null : ETag(latest.Value) },
    });

    private static IResult Validation(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The configuration cannot be published as sent; nothing was changed.",
            type: ProblemDetailsDefaults.TypeBase + "validation");

    /// <summary>"$.fund.capital" → "fund.capital", the field path the validator uses too.</summary>
    internal static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string FieldMessage(JsonException exception) =>
        exception.Message.Contains("missing required properties", StringComparison.OrdinalIgnoreCase)
            ? "Required fields are missing here: send the whole configuration as GET returns it. " + exception.Message
            : exception.Message.Contains("could not be mapped", StringComparison.OrdinalIgnoreCase)
                ? "The configuration has no such field."
                : "The value is missing or has the wrong type.";
}
