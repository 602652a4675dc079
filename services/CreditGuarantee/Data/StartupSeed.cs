using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>
/// Runs in the host's Starting phase, after the migrations (registered before it): stores the preset configuration as
/// version 1 when no configuration exists, and in Development only seeds partner agreements for the three demo banks
/// (docs/partner-bank-api.md). A production database never gets an agreement nobody signed.
/// </summary>
internal sealed class StartupSeed(NpgsqlDataSource dataSource, IHostEnvironment environment, IConfiguration configuration,
    ILogger<StartupSeed> logger) : IHostedLifecycleService
{
    /// <summary>The demo banks of the local identity provider (README), each with an open-ended agreement.</summary>
    public static readonly IReadOnlyList<string> DemoBanks = ["ccb-shenyang", "huaxia-shenyang", "sy-commercial-bank"];

    public const decimal DemoBankCap = 300_000_000m;

    public static readonly DateOnly DemoAgreementStart = new(2020, 1, 1);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Replicas starting together seed once.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('guarantee-seed', 0))",
            transaction: transaction, cancellationToken: cancellationToken));
        var preset = GuaranteeConfiguration.Preset;
        var stored = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO configuration_versions (configuration_id, version, effective_from, document, created_by)
            SELECT @id, @version, CAST(@effectiveFrom AS date), CAST(@document AS jsonb), @author
            WHERE NOT EXISTS (SELECT 1 FROM configuration_versions)
            """,
            new
            {
                id = preset.Id, version = preset.Version, effectiveFrom = ConfigurationStore.Iso(preset.EffectiveFrom),
                document = ConfigurationStore.Serialize(preset), author = ConfigurationStore.PresetAuthor,
            },
            transaction, cancellationToken: cancellationToken));
        if (stored > 0)
        {
            logger.LogInformation("Stored the preset guarantee configuration as {Label}", preset.Label);
        }

        if (environment.IsDevelopment() && configuration.GetValue("Guarantee:SeedDemoAgreements", true))
        {
            foreach (var bank in DemoBanks)
            {
                var added = await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO partner_agreements (id, bank_id, starts_on, ends_on, cap, is_demo)
                    SELECT @id, @bank, CAST(@startsOn AS date), NULL, @cap, true
                    WHERE NOT EXISTS (SELECT 1 FROM partner_agreements WHERE bank_id = @bank)
                    """,
                    new { id = Guid.CreateVersion7(), bank, startsOn = ConfigurationStore.Iso(DemoAgreementStart), cap = DemoBankCap },
                    transaction, cancellationToken: cancellationToken));
                if (added > 0)
                {
                    logger.LogInformation("Development: seeded a demo partner agreement for {Bank}", bank);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
