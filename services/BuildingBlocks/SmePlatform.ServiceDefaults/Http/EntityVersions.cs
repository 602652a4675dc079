using System.Globalization;
using Microsoft.AspNetCore.Http;
using SmePlatform.Application;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>
/// Optimistic concurrency over HTTP: every versioned resource answers its row version as a strong ETag (<c>"3"</c>);
/// a change sends it back in If-Match. Without If-Match a change is refused (428) where lost updates matter; an If-Match
/// that is not one of our ETags cannot match (412), as a stale one cannot (the use case compares it).
/// </summary>
public static class EntityVersions
{
    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Sets the ETag header of the answer to the resource's version.</summary>
    public static void SetVersion(this HttpResponse response, int version)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = ETag(version);
    }

    /// <summary>
    /// The version If-Match names (<c>"3"</c>, <c>W/"3"</c> accepted); null when the header is absent and not
    /// <paramref name="required"/>; a refusal when it is absent but required, or names no version of ours.
    /// </summary>
    public static Outcome<int?> IfMatch(this HttpRequest request, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return required
                ? Refusal.VersionRequired("Send If-Match with the ETag of what you read.",
                    "Changes are made against the version last read (GET answers it in the ETag header), so that nobody silently overwrites another person's change.")
                : new Outcome<int?>((int?)null);
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? new Outcome<int?>(version)
            : Refusal.Stale("If-Match does not name a version of this resource.", "Send the ETag from the last GET, e.g. If-Match: \"3\".");
    }

    /// <summary>The refusal when the stored version moved on: the current ETag is in the answer, to read again.</summary>
    public static Refusal Changed(string what, int currentVersion) =>
        Refusal.Stale($"The {what} was changed since you read it.",
                $"It is now at version {currentVersion}; read it again, reapply your change and send the new ETag.")
            .With("currentETag", ETag(currentVersion));
}
