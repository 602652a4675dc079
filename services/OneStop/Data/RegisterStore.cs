using System.Text;
using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Data;

/// <summary>An enterprise that registration takes for a possible duplicate, and why.</summary>
/// <summary>The enterprise that holds a Unified Social Credit Code, and its ward (what decides whether the caller may be told which it is).</summary>
public sealed record CodeHolder(Guid Id, string Ward);

/// <summary>A registered enterprise similar to one being registered: the merge review and the 409 name it.</summary>
public sealed record PossibleDuplicate(Guid Id, string Uscc, string Name, string Ward, string? ContactPhone, double NameSimilarity, bool SamePhone);

/// <summary>What the register's search filters on; <see cref="Ward"/> is already narrowed to a clerk's ward.</summary>
public sealed record EnterpriseSearch(
    string? Uscc, string? NamePart, string? Ward, string? IndustryPrefix, string? SizeClass, bool Unclassified, string? Status, Guid? After, int Limit);

/// <param name="searchSource">Connections whose statements are planned per execution (<see cref="DataExtensions.PlannedPerQuery"/>): the
/// search's best plan depends on the name part.</param>
public sealed class RegisterStore(NpgsqlDataSource dataSource, [FromKeyedServices(DataExtensions.PlannedPerQuery)] NpgsqlDataSource searchSource)
{
    /// <summary>Name keys at least this similar (pg_trgm similarity, 0–1) in the same ward are possible duplicates.</summary>
    public const double DuplicateNameThreshold = 0.5;

    private const string Columns =
        """
        id, uscc, name, name_en, ward, industry_code, employees, annual_revenue, total_assets, currency, registered_capital,
        legal_representative, address, legal_form, ownership_type, category, founding_date, contact_phone,
        size_class, size_rule_set_id, size_rule_set_version, size_reason, status, deactivation_reason, deactivation_note,
        merged_into, deactivated_on, registered_at, updated_at, row_version
        """;

    public async Task<Enterprise?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Enterprise>(new CommandDefinition(
            $"SELECT {Columns} FROM enterprises WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>By Unified Social Credit Code, already normalised (upper case, 18 characters).</summary>
    public async Task<Enterprise?> FindByUsccAsync(string uscc, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Enterprise>(new CommandDefinition(
            $"SELECT {Columns} FROM enterprises WHERE uscc = @uscc", new { uscc }, cancellationToken: cancellationToken));
    }

    /// <summary>Reads and locks the row for the rest of the unit, so a concurrent change waits and then sees the new version.</summary>
    public Task<Enterprise?> LockAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        unit.Connection.QuerySingleOrDefaultAsync<Enterprise>(new CommandDefinition(
            $"SELECT {Columns} FROM enterprises WHERE id = @id FOR UPDATE", new { id }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Inserts unless the code is taken. Returns null when inserted, or the enterprise that holds the code; the unique
    /// constraint decides, so two clerks registering the same code at once cannot both succeed.
    /// </summary>
    public async Task<CodeHolder?> TryInsertAsync(UnitOfWork unit, Enterprise enterprise, CancellationToken cancellationToken)
    {
        var inserted = await unit.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO enterprises ({Columns}, name_key)
            VALUES (@Id, @Uscc, @Name, @NameEn, @Ward, @IndustryCode, @Employees, @AnnualRevenue, @TotalAssets, @Currency,
                    @RegisteredCapital, @LegalRepresentative, @Address, @LegalForm, @OwnershipType, @Category, @FoundingDate,
                    @ContactPhone, @SizeClass, @SizeRuleSetId, @SizeRuleSetVersion, @SizeReason, @Status, @DeactivationReason,
                    @DeactivationNote, @MergedInto, @DeactivatedOn, @RegisteredAt, @UpdatedAt, @RowVersion, @NameKey)
            ON CONFLICT ON CONSTRAINT enterprises_uscc_unique DO NOTHING
            """,
            Parameters(enterprise), unit.Transaction, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            return null;
        }

        return await HolderOfAsync(unit, enterprise.Uscc, cancellationToken);
    }

    /// <summary>Writes every field of a locked row; the caller has checked its version and raised it by one.</summary>
    public Task UpdateAsync(UnitOfWork unit, Enterprise enterprise, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE enterprises SET
                name = @Name, name_en = @NameEn, ward = @Ward, industry_code = @IndustryCode, employees = @Employees,
                annual_revenue = @AnnualRevenue, total_assets = @TotalAssets, registered_capital = @RegisteredCapital,
                legal_representative = @LegalRepresentative, address = @Address, legal_form = @LegalForm,
                ownership_type = @OwnershipType, category = @Category, founding_date = @FoundingDate, contact_phone = @ContactPhone,
                size_class = @SizeClass, size_rule_set_id = @SizeRuleSetId, size_rule_set_version = @SizeRuleSetVersion,
                size_reason = @SizeReason, status = @Status, deactivation_reason = @DeactivationReason,
                deactivation_note = @DeactivationNote, merged_into = @MergedInto, deactivated_on = @DeactivatedOn,
                updated_at = @UpdatedAt, row_version = @RowVersion, name_key = @NameKey
            WHERE id = @Id
            """,
            Parameters(enterprise), unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Active enterprises of the ward whose name key is similar (trigram similarity ≥ <see cref="DuplicateNameThreshold"/>)
    /// or whose contact phone is the same; the most similar first.
    /// </summary>
    public async Task<IReadOnlyList<PossibleDuplicate>> FindPossibleDuplicatesAsync(
        UnitOfWork unit, string ward, string nameKey, string? phone, Guid? except, CancellationToken cancellationToken)
    {
        // SET LOCAL lasts until the unit ends; the % operator then uses the trigram index on name_key.
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            $"SET LOCAL pg_trgm.similarity_threshold = {DuplicateNameThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            transaction: unit.Transaction, cancellationToken: cancellationToken));
        var rows = await unit.Connection.QueryAsync<PossibleDuplicate>(new CommandDefinition(
            """
            SELECT id, uscc, name, ward, contact_phone, similarity(name_key, @nameKey)::float8 AS name_similarity,
                   (@phone::text IS NOT NULL AND contact_phone = @phone) AS same_phone
            FROM enterprises
            WHERE ward = @ward AND status = 'active' AND (@except::uuid IS NULL OR id <> @except)
              AND (name_key % @nameKey OR (@phone::text IS NOT NULL AND contact_phone = @phone))
            ORDER BY same_phone DESC, name_similarity DESC, id
            LIMIT 5
            """,
            new { ward, nameKey, phone, except }, unit.Transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The enterprise holding the code, if any (inside the registering unit, so the answer holds until it commits).</summary>
    public static Task<CodeHolder?> HolderOfAsync(UnitOfWork unit, string uscc, CancellationToken cancellationToken) =>
        unit.Connection.QuerySingleOrDefaultAsync<CodeHolder>(new CommandDefinition(
            "SELECT id, ward FROM enterprises WHERE uscc = @uscc", new { uscc }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Reads an enterprise inside the unit without locking it (a merger's target, a case's enterprise: it only has to exist and be active).</summary>
    public static Task<Enterprise?> ReadAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        unit.Connection.QuerySingleOrDefaultAsync<Enterprise>(new CommandDefinition(
            $"SELECT {Columns} FROM enterprises WHERE id = @id", new { id }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The bigram condition of a name part (the expression must be the index's, migration 0009).</summary>
    public const string NameBigramsMatch = "enterprise_name_bigrams(name, name_en) @> enterprise_name_bigrams(@NamePart, NULL)";

    /// <summary>One keyset page in id order (registration order: ids are UUIDv7), one row more than the limit.</summary>
    public async Task<IReadOnlyList<Enterprise>> SearchAsync(EnterpriseSearch search, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM enterprises WHERE true");
        if (search.Uscc is not null)
        {
            sql.Append(" AND uscc = @Uscc");
        }

        if (search.NamePart is not null)
        {
            // A name containing the part contains each of its bigrams, so this adds no condition, only a plan (migration
            // 0009): a two-character part (a bare trade name) has no trigram, and the bigram index gives its candidates;
            // for any part, the planner estimates the bigrams from their statistics, where its estimate for ILIKE
            // '%…%' is the same for every pattern (0.85%), which sent rare names to a scan of the register in id order
            // (2.2 s for 沈阳市桥瑞 at 1M). ILIKE stays the exact test.
            if (search.NamePart.Length >= 2)
            {
                sql.Append(" AND " + NameBigramsMatch);
            }

            sql.Append(" AND (name ILIKE @namePattern OR name_en ILIKE @namePattern)");
        }

        if (search.Ward is not null)
        {
            sql.Append(" AND ward = @Ward");
        }

        if (search.IndustryPrefix is not null)
        {
            // A prefix (validated to a letter and up to four digits) as left(code, its length) = prefix: the expression
            // indexes of migration 0008 then give a ward's page of a section, division or class in id order at 1M rows.
            // The length is a number from the validated prefix, so it is safe to write into the SQL (the index needs a constant).
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND left(industry_code, {search.IndustryPrefix.Length}) = @IndustryPrefix");
        }

        if (search.Unclassified)
        {
            sql.Append(" AND size_class IS NULL");
        }
        else if (search.SizeClass is not null)
        {
            sql.Append(" AND size_class = @SizeClass");
        }

        if (search.Status is not null)
        {
            sql.Append(" AND status = @Status");
        }

        if (search.After is not null)
        {
            sql.Append(" AND id > @After");
        }

        sql.Append(" ORDER BY id LIMIT @take");
        var parameters = new DynamicParameters(search);
        parameters.Add("namePattern", search.NamePart is null ? null : "%" + EscapeLike(search.NamePart) + "%");
        parameters.Add("take", search.Limit + 1);
        await using var connection = await searchSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Enterprise>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private static DynamicParameters Parameters(Enterprise enterprise)
    {
        var parameters = new DynamicParameters(enterprise);
        parameters.Add("NameKey", EnterpriseNames.Key(enterprise.Name));
        return parameters;
    }
}
