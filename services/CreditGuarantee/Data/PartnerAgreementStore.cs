using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>One row of partner_agreements; the dates as stored (yyyy-MM-dd), <see cref="Start"/> and <see cref="End"/> parsed.</summary>
public sealed record PartnerAgreementRow(Guid Id, string BankId, string StartsOn, string? EndsOn, decimal Cap, string Currency, DateTimeOffset UpdatedAt)
{
    public DateOnly Start => ConfigurationStore.ParseDate(StartsOn);

    public DateOnly? End => EndsOn is null ? null : ConfigurationStore.ParseDate(EndsOn);
}

/// <summary>The SQL of partner agreements: every bank's list, and a bank's agreements, entry and amendment in the caller's unit of work.</summary>
public sealed class PartnerAgreementStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<PartnerAgreementRow>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await AgreementsAsync(connection, null, null, cancellationToken);
    }

    public Task<IReadOnlyList<PartnerAgreementRow>> OfBankAsync(UnitOfWork unit, string bankId, CancellationToken cancellationToken) =>
        AgreementsAsync(unit.Connection, unit.Transaction, bankId, cancellationToken);

    public Task InsertAsync(UnitOfWork unit, PartnerAgreementRow row, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO partner_agreements (id, bank_id, starts_on, ends_on, cap, currency, updated_at)
            VALUES (@Id, @BankId, CAST(@StartsOn AS date), CAST(@EndsOn AS date), @Cap, @Currency, @UpdatedAt)
            """,
            row, unit.Transaction, cancellationToken: cancellationToken));

    public Task UpdateAsync(UnitOfWork unit, PartnerAgreementRow row, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE partner_agreements SET starts_on = CAST(@StartsOn AS date), ends_on = CAST(@EndsOn AS date), cap = @Cap, updated_at = @UpdatedAt WHERE id = @Id",
            row, unit.Transaction, cancellationToken: cancellationToken));

    private static async Task<IReadOnlyList<PartnerAgreementRow>> AgreementsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string? bankId,
        CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<PartnerAgreementRow>(new CommandDefinition(
                """
                SELECT id, bank_id, starts_on::text AS starts_on, ends_on::text AS ends_on, cap, currency, updated_at
                FROM partner_agreements WHERE (@bankId::text IS NULL OR bank_id = @bankId) ORDER BY bank_id, starts_on
                """,
                new { bankId }, transaction, cancellationToken: cancellationToken)),
        ];
}
