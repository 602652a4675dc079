using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Data;

/// <summary>A stored statement: the figures, the enterprise's ward (for scoping), where it came from and its version.</summary>
public sealed record StoredStatement(Guid EnterpriseId, string Ward, FinancialStatement Statement, string Source, int RowVersion, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>Financial statements per enterprise and fiscal year.</summary>
public sealed class StatementStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "enterprise_id, fiscal_year, ward, sales, cost_of_sales, operating_profit, net_profit, depreciation, receivables, inventory, payables, cash, " +
        "borrowings, current_assets, current_liabilities, total_assets, net_assets, employees, total_liabilities, opening_receivables, " +
        "opening_inventory, opening_payables, source, row_version, updated_by, updated_at";

    // A statement sent again for the same year is a correction: it replaces the figures and counts the version up.
    private const string OnConflict =
        """
        ON CONFLICT (enterprise_id, fiscal_year) DO UPDATE SET
            ward = EXCLUDED.ward, sales = EXCLUDED.sales, cost_of_sales = EXCLUDED.cost_of_sales, operating_profit = EXCLUDED.operating_profit,
            net_profit = EXCLUDED.net_profit, depreciation = EXCLUDED.depreciation, receivables = EXCLUDED.receivables,
            inventory = EXCLUDED.inventory, payables = EXCLUDED.payables, cash = EXCLUDED.cash, borrowings = EXCLUDED.borrowings,
            current_assets = EXCLUDED.current_assets, current_liabilities = EXCLUDED.current_liabilities, total_assets = EXCLUDED.total_assets,
            net_assets = EXCLUDED.net_assets, employees = EXCLUDED.employees, total_liabilities = EXCLUDED.total_liabilities,
            opening_receivables = EXCLUDED.opening_receivables, opening_inventory = EXCLUDED.opening_inventory,
            opening_payables = EXCLUDED.opening_payables, source = EXCLUDED.source, row_version = statements.row_version + 1,
            updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
        """;

    /// <summary>Writes the statement of its fiscal year (a correction replaces the figures and counts the version up); answers the new version.</summary>
    public static Task<int> UpsertAsync(UnitOfWork unit, Guid enterpriseId, string ward, FinancialStatement s, string source, string actor,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            INSERT INTO statements ({Columns})
            VALUES (@enterpriseId, @FiscalYear, @ward, @Sales, @CostOfSales, @OperatingProfit, @NetProfit, @Depreciation, @Receivables, @Inventory,
                    @Payables, @Cash, @Borrowings, @CurrentAssets, @CurrentLiabilities, @TotalAssets, @NetAssets, @Employees, @TotalLiabilities,
                    @OpeningReceivables, @OpeningInventory, @OpeningPayables, @source, 1, @actor, @now)
            {OnConflict}
            RETURNING row_version
            """,
            new
            {
                enterpriseId, ward, source, actor, now, s.FiscalYear, s.Sales, s.CostOfSales, s.OperatingProfit, s.NetProfit, s.Depreciation,
                s.Receivables, s.Inventory, s.Payables, s.Cash, s.Borrowings, s.CurrentAssets, s.CurrentLiabilities, s.TotalAssets, s.NetAssets,
                s.Employees, s.TotalLiabilities, OpeningReceivables = s.Opening?.Receivables, OpeningInventory = s.Opening?.Inventory,
                OpeningPayables = s.Opening?.Payables,
            },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Writes many statements in one statement per batch of <paramref name="batchSize"/> (arrays unnested), as an import
    /// does; the same enterprise-year must not appear twice in <paramref name="statements"/>. Answers how many rows were written.
    /// </summary>
    public static async Task<int> UpsertManyAsync(UnitOfWork unit, IReadOnlyList<(Guid EnterpriseId, string Ward, FinancialStatement Statement)> statements,
        string source, string actor, DateTimeOffset now, CancellationToken cancellationToken, int batchSize = 2_000)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(statements);
        var written = 0;
        foreach (var batch in statements.Chunk(batchSize))
        {
            var s = batch.Select(b => b.Statement).ToArray();
            written += await unit.Connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO statements ({Columns})
                SELECT e, y, w, sa, cs, op, np, de, re, iv, pa, ca, bo, cua, cul, ta, na, em, tl, ore, oin, opa, @source, 1, @actor, @now
                FROM unnest(@e::uuid[], @y::int[], @w::text[], @sa::numeric[], @cs::numeric[], @op::numeric[], @np::numeric[], @de::numeric[],
                            @re::numeric[], @iv::numeric[], @pa::numeric[], @ca::numeric[], @bo::numeric[], @cua::numeric[], @cul::numeric[],
                            @ta::numeric[], @na::numeric[], @em::int[], @tl::numeric[], @ore::numeric[], @oin::numeric[], @opa::numeric[])
                     AS t(e, y, w, sa, cs, op, np, de, re, iv, pa, ca, bo, cua, cul, ta, na, em, tl, ore, oin, opa)
                {OnConflict}
                """,
                new
                {
                    source, actor, now,
                    e = batch.Select(b => b.EnterpriseId).ToArray(), y = s.Select(x => x.FiscalYear).ToArray(), w = batch.Select(b => b.Ward).ToArray(),
                    sa = s.Select(x => x.Sales).ToArray(), cs = s.Select(x => x.CostOfSales).ToArray(), op = s.Select(x => x.OperatingProfit).ToArray(),
                    np = s.Select(x => x.NetProfit).ToArray(), de = s.Select(x => x.Depreciation).ToArray(), re = s.Select(x => x.Receivables).ToArray(),
                    iv = s.Select(x => x.Inventory).ToArray(), pa = s.Select(x => x.Payables).ToArray(), ca = s.Select(x => x.Cash).ToArray(),
                    bo = s.Select(x => x.Borrowings).ToArray(), cua = s.Select(x => x.CurrentAssets).ToArray(),
                    cul = s.Select(x => x.CurrentLiabilities).ToArray(), ta = s.Select(x => x.TotalAssets).ToArray(), na = s.Select(x => x.NetAssets).ToArray(),
                    em = s.Select(x => x.Employees).ToArray(), tl = s.Select(x => x.TotalLiabilities).ToArray(),
                    ore = s.Select(x => x.Opening?.Receivables).ToArray(), oin = s.Select(x => x.Opening?.Inventory).ToArray(),
                    opa = s.Select(x => x.Opening?.Payables).ToArray(),
                },
                unit.Transaction, cancellationToken: cancellationToken));
        }

        return written;
    }

    /// <summary>Every stored year of an enterprise, oldest first, read inside <paramref name="unit"/> (after its own writes).</summary>
    public static async Task<IReadOnlyList<StoredStatement>> ListAsync(UnitOfWork unit, Guid enterpriseId, CancellationToken cancellationToken) =>
        [.. (await unit.Connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM statements WHERE enterprise_id = @enterpriseId ORDER BY fiscal_year", new { enterpriseId }, unit.Transaction,
            cancellationToken: cancellationToken))).Select(r => r.ToStored())];

    public async Task<IReadOnlyList<StoredStatement>> ListAsync(Guid enterpriseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM statements WHERE enterprise_id = @enterpriseId ORDER BY fiscal_year", new { enterpriseId },
            cancellationToken: cancellationToken))).Select(r => r.ToStored())];
    }

    private sealed class Row
    {
        public Guid EnterpriseId { get; set; }
        public int FiscalYear { get; set; }
        public string Ward { get; set; } = "";
        public decimal Sales { get; set; }
        public decimal CostOfSales { get; set; }
        public decimal OperatingProfit { get; set; }
        public decimal NetProfit { get; set; }
        public decimal Depreciation { get; set; }
        public decimal Receivables { get; set; }
        public decimal Inventory { get; set; }
        public decimal Payables { get; set; }
        public decimal Cash { get; set; }
        public decimal Borrowings { get; set; }
        public decimal CurrentAssets { get; set; }
        public decimal CurrentLiabilities { get; set; }
        public decimal TotalAssets { get; set; }
        public decimal NetAssets { get; set; }
        public int Employees { get; set; }
        public decimal? TotalLiabilities { get; set; }
        public decimal? OpeningReceivables { get; set; }
        public decimal? OpeningInventory { get; set; }
        public decimal? OpeningPayables { get; set; }
        public string Source { get; set; } = "";
        public int RowVersion { get; set; }
        public string UpdatedBy { get; set; } = "";
        public DateTimeOffset UpdatedAt { get; set; }

        public StoredStatement ToStored() => new(EnterpriseId, Ward,
            new FinancialStatement(FiscalYear, Sales, CostOfSales, OperatingProfit, NetProfit, Depreciation, Receivables, Inventory, Payables, Cash,
                Borrowings, CurrentAssets, CurrentLiabilities, TotalAssets, NetAssets, Employees, TotalLiabilities,
                OpeningReceivables is { } r && OpeningInventory is { } i && OpeningPayables is { } p ? new OpeningBalances(r, i, p) : null),
            Source, RowVersion, UpdatedBy, UpdatedAt);
    }
}
