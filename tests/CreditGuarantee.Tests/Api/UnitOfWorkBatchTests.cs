using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>
/// The Data building block's commit batch (UnitOfWork.Defer): outbox messages, audit rows and deferred writes reach the
/// database at commit in one batch, in the order they were added, in the unit's transaction, so a failure anywhere
/// leaves nothing of the unit behind.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class UnitOfWorkBatchTests(InfrastructureFixture infra)
{
    private sealed record Numbered(int N);

    private async Task<(NpgsqlDataSource DataSource, UnitOfWorkFactory Units)> DatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await infra.Postgres.CreateDatabaseAsync());
        await global::SmePlatform.Data.Migrations.ApplyAsync(dataSource,
            global::SmePlatform.Data.Migrations.ForService(typeof(CreditGuarantee.Data.ApplicationStore).Assembly),
            NullLogger.Instance);
        DapperTypes.Register();
        return (dataSource, new UnitOfWorkFactory(dataSource, new OutboxSignal()));
    }

    private static async Task<int> CountAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>($"SELECT count(*)::int FROM {table}");
    }

    private static AuditEntry Audit(string entityId) => new(new Actor("tester", "test"), "probe.changed", "probe", entityId, null, new { entityId });

    [Fact]
    public async Task Commit_writes_the_buffered_rows_in_the_order_they_were_added()
    {
        var (dataSource, units) = await DatabaseAsync();
        await using (dataSource)
        {
            await using (var unit = await units.BeginAsync())
            {
                for (var n = 1; n <= 5; n++)
                {
                    await unit.EnqueueAsync(new Numbered(n));
                    await unit.AuditAsync(Audit(n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                unit.Defer("INSERT INTO inbox_messages (message_id, consumer, message_type) VALUES ($1, $2, $3)", Guid.CreateVersion7(), "probe", "deferred");
                Assert.Equal(11, unit.DeferredCount);
                // Buffered, not yet sent: the transaction itself does not see them.
                Assert.Equal(0, await unit.Connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM outbox_messages", transaction: unit.Transaction));
                await unit.CommitAsync();
                Assert.Equal(0, unit.DeferredCount);
            }

            await using var connection = await dataSource.OpenConnectionAsync();
            var relayed = (await connection.QueryAsync<int>("SELECT (payload->>'n')::int FROM outbox_messages ORDER BY position")).ToList();
            Assert.Equal([1, 2, 3, 4, 5], relayed);
            Assert.Equal(5, await CountAsync(dataSource, "audit_log"));
            Assert.Equal(1, await CountAsync(dataSource, "inbox_messages"));
        }
    }

    [Fact]
    public async Task A_failing_buffered_write_fails_the_commit_and_leaves_nothing()
    {
        var (dataSource, units) = await DatabaseAsync();
        await using (dataSource)
        {
            var duplicate = Guid.CreateVersion7();
            await using (var unit = await units.BeginAsync())
            {
                // A write sent at once, then buffered ones around a failure in the middle of the batch.
                Assert.True(await unit.TryRecordInboxAsync(Guid.CreateVersion7(), "probe", "immediate"));
                await unit.EnqueueAsync(new Numbered(1));
                await unit.AuditAsync(Audit("1"));
                unit.Defer("INSERT INTO inbox_messages (message_id, consumer, message_type) VALUES ($1, 'probe', 'first')", duplicate);
                unit.Defer("INSERT INTO inbox_messages (message_id, consumer, message_type) VALUES ($1, 'probe', 'again')", duplicate);
                await unit.EnqueueAsync(new Numbered(2));

                var failure = await Assert.ThrowsAsync<PostgresException>(() => unit.CommitAsync());
                Assert.Equal(PostgresErrorCodes.UniqueViolation, failure.SqlState);
            }

            Assert.Equal(0, await CountAsync(dataSource, "outbox_messages"));
            Assert.Equal(0, await CountAsync(dataSource, "audit_log"));
            Assert.Equal(0, await CountAsync(dataSource, "inbox_messages"));
        }
    }

    [Fact]
    public async Task A_unit_disposed_without_commit_sends_nothing()
    {
        var (dataSource, units) = await DatabaseAsync();
        await using (dataSource)
        {
            await using (var unit = await units.BeginAsync())
            {
                await unit.EnqueueAsync(new Numbered(1));
                await unit.AuditAsync(Audit("1"));
            }

            Assert.Equal(0, await CountAsync(dataSource, "outbox_messages"));
            Assert.Equal(0, await CountAsync(dataSource, "audit_log"));
        }
    }

    [Fact]
    public async Task Flush_lets_the_unit_read_its_writes_and_keeps_the_order_with_later_ones()
    {
        var (dataSource, units) = await DatabaseAsync();
        await using (dataSource)
        {
            await using (var unit = await units.BeginAsync())
            {
                await unit.EnqueueAsync(new Numbered(1));
                await unit.FlushAsync();
                Assert.Equal(1, await unit.Connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM outbox_messages", transaction: unit.Transaction));
                // Not visible outside the transaction before commit.
                Assert.Equal(0, await CountAsync(dataSource, "outbox_messages"));
                await unit.EnqueueAsync(new Numbered(2));
                await unit.CommitAsync();
            }

            await using var connection = await dataSource.OpenConnectionAsync();
            Assert.Equal([1, 2], (await connection.QueryAsync<int>("SELECT (payload->>'n')::int FROM outbox_messages ORDER BY position")).ToList());
        }
    }

    [Fact]
    public async Task FlushAndQuery_reads_the_units_own_buffered_writes_in_one_call()
    {
        var (dataSource, units) = await DatabaseAsync();
        await using (dataSource)
        {
            await using var unit = await units.BeginAsync();
            await unit.AuditAsync(Audit("a"));
            await unit.AuditAsync(Audit("b"));
            var seen = await unit.FlushAndQueryAsync("SELECT entity_id FROM audit_log WHERE action = $1 ORDER BY entity_id", ["probe.changed"],
                async (reader, token) =>
                {
                    var ids = new List<string>();
                    while (await reader.ReadAsync(token))
                    {
                        ids.Add(reader.GetString(0));
                    }

                    return ids;
                });

            Assert.Equal(["a", "b"], seen);
            Assert.Equal(0, unit.DeferredCount);
        }
    }

    [Fact]
    public async Task One_units_audit_rows_read_back_in_the_order_they_were_written()
    {
        var (dataSource, units) = await DatabaseAsync();
        await using (dataSource)
        {
            var written = Enumerable.Range(1, 20).Select(n => n.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).ToList();
            await using (var unit = await units.BeginAsync())
            {
                // Back to back, within a millisecond or two: the trail must not depend on the ids' random bits.
                foreach (var step in written)
                {
                    await unit.AuditAsync(new AuditEntry(new Actor("tester"), "probe." + step, "probe", "one", null, null));
                }

                await unit.CommitAsync();
            }

            await using var connection = await dataSource.OpenConnectionAsync();
            var read = (await connection.QueryAsync<string>("SELECT action FROM audit_log WHERE entity_id = 'one' ORDER BY occurred_at, id")).ToList();
            Assert.Equal(written.Select(step => "probe." + step), read);
        }
    }
}
