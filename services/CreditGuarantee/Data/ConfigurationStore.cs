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
public sealed class ConfigurationStore(NpgsqlDataSource dataSource)
{
    public const string PresetAuthor = "system:guarantee (preset)";

    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public async Task<GuaranteeConfiguration> CurrentAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CurrentAsync(connection, null, today, cancellationToken);
    }

    public static async Task<GuaranteeConfiguration> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, DateOnly today,
        CancellationToken cancellationToken)
    {
        var document = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            """
            SELECT document::text FROM configuration_versions
            WHERE effective_from <= CAST(@today AS date)
            ORDER BY effective_from DESC, version DESC
            LIMIT 1
            """,
            new { today = Iso(today) }, transaction, cancellationToken: cancellationToken))
            ?? throw new InvalidOperationException("No guarantee configuration is in force; the preset is seeded at start.");
        var configuration = Deserialize(document);
        var agreements = await connection.QueryAsync<(string BankId, string StartsOn, string? EndsOn, decimal Cap)>(new CommandDefinition(
            "SELECT bank_id, starts_on::text, ends_on::text, cap FROM partner_agreements ORDER BY bank_id, starts_on",
            transaction: transaction, cancellationToken: cancellationToken));
        return configuration with
        {
            PartnerAgreements = [.. agreements.Select(a => new PartnerAgreement(a.BankId, ParseDate(a.StartsOn),
                a.EndsOn is null ? null : ParseDate(a.EndsOn), a.Cap))],
        };
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
