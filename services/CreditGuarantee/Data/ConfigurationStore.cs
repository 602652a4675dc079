using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>
/// The configuration in force: the newest stored version effective today, with the partner agreements from their own
/// table (entered separately by the fund administrator; a decision's limits check names the agreement it used).
/// </summary>
/// <remarks>
/// Every call asks the database which version is in force and reads the agreements (<see cref="InForceSql"/>, one small
/// statement), so a version published or an agreement changed takes effect for the very next decision, on every
/// replica, without invalidation messages. Only the parsing of the version's document is cached: a stored version is
/// never changed (publishing adds one), and the cache is keyed by the database, the version's identity and creation
/// time and the agreements' exact text, so a different answer from the database never meets a stale entry.
/// </remarks>
public sealed class ConfigurationStore(NpgsqlDataSource dataSource)
{
    public const string PresetAuthor = "system:guarantee (preset)";

    /// <summary>
    /// Which version is in force on @today (configuration_id, version, created_at) and the agreements as JSON text
    /// (agreements): cheap enough to run per request, and the whole cache key.
    /// </summary>
    public const string InForceSql =
        """
        SELECT v.configuration_id, v.version, v.created_at,
               (SELECT coalesce(json_agg(json_build_array(a.bank_id, a.starts_on::text, a.ends_on::text, a.cap) ORDER BY a.bank_id, a.starts_on),
                                '[]')::text
                FROM partner_agreements a) AS agreements
        FROM configuration_versions v
        WHERE v.effective_from <= CAST(@today AS date)
        ORDER BY v.effective_from DESC, v.version DESC
        LIMIT 1
        """;

    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private static volatile Cached? last;

    public async Task<GuaranteeConfiguration> CurrentAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CurrentAsync(connection, null, today, cancellationToken);
    }

    public static async Task<GuaranteeConfiguration> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, DateOnly today,
        CancellationToken cancellationToken)
    {
        var inForce = await connection.QueryFirstOrDefaultAsync<InForce>(new CommandDefinition(InForceSql, new { today = Iso(today) }, transaction,
            cancellationToken: cancellationToken));
        return await ResolveAsync(connection, transaction, inForce, cancellationToken);
    }

    /// <summary>The configuration <see cref="InForceSql"/> named (read along with other things by the caller): parsed once per version.</summary>
    public static async Task<GuaranteeConfiguration> ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, InForce? inForce,
        CancellationToken cancellationToken)
    {
        if (inForce is null)
        {
            throw new InvalidOperationException("No guarantee configuration is in force; the preset is seeded at start.");
        }

        var key = inForce with { Database = connection.Database };
        if (last is { } cached && cached.Key == key)
        {
            return cached.Configuration;
        }

        var document = await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT document::text FROM configuration_versions WHERE configuration_id = @ConfigurationId AND version = @Version",
            inForce, transaction, cancellationToken: cancellationToken));
        var configuration = Deserialize(document) with { PartnerAgreements = ParseAgreements(inForce.Agreements) };
        last = new Cached(key, configuration);
        return configuration;
    }

    /// <summary>One row of <see cref="InForceSql"/>; <see cref="Database"/> is filled in by the cache.</summary>
    public sealed record InForce(string ConfigurationId, int Version, DateTimeOffset CreatedAt, string Agreements)
    {
        public string? Database { get; init; }
    }

    private sealed record Cached(InForce Key, GuaranteeConfiguration Configuration);

    private static PartnerAgreement[] ParseAgreements(string json)
    {
        using var document = JsonDocument.Parse(json);
        return
        [
            .. document.RootElement.EnumerateArray().Select(a => new PartnerAgreement(a[0].GetString()!, ParseDate(a[1].GetString()!),
                a[2].ValueKind == JsonValueKind.Null ? null : ParseDate(a[2].GetString()!), a[3].GetDecimal())),
        ];
    }

    public static string Serialize(GuaranteeConfiguration configuration) =>
        JsonSerializer.Serialize(configuration with { PartnerAgreements = [] }, Json);

    public static GuaranteeConfiguration Deserialize(string document) =>
        JsonSerializer.Deserialize<GuaranteeConfiguration>(document, Json)
        ?? throw new InvalidOperationException("A stored guarantee configuration is empty.");

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
