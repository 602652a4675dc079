using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.OneStop.Data;

public sealed record EnterpriseRecord(
    Guid Id,
    string Uscc,
    string Name,
    string Ward,
    string IndustryCode,
    int Employees,
    decimal AnnualRevenue,
    decimal TotalAssets,
    string Currency,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt);

public sealed class EnterpriseStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, uscc, name, ward, industry_code, employees, annual_revenue, total_assets, currency, registered_at, updated_at";

    public async Task<EnterpriseRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EnterpriseRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM enterprises WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Inserts unless the code is taken. Returns null when inserted, or the existing enterprise's id; the unique
    /// constraint decides, so two clerks registering the same code at once cannot both succeed.
    /// </summary>
    public static async Task<Guid?> TryInsertAsync(UnitOfWork unit, EnterpriseRecord enterprise, CancellationToken cancellationToken)
    {
        var inserted = await unit.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO enterprises ({Columns})
            VALUES (@Id, @Uscc, @Name, @Ward, @IndustryCode, @Employees, @AnnualRevenue, @TotalAssets, @Currency, @RegisteredAt, @UpdatedAt)
            ON CONFLICT ON CONSTRAINT enterprises_uscc_unique DO NOTHING
            """,
            enterprise, unit.Transaction, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            return null;
        }

        return await unit.Connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            "SELECT id FROM enterprises WHERE uscc = @Uscc", new { enterprise.Uscc }, unit.Transaction, cancellationToken: cancellationToken));
    }
}
