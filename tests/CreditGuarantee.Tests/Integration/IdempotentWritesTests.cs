using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Integration;

/// <summary>
/// The platform's Idempotency-Key mechanism (SmePlatform.Data IdempotentWrites) against the service's real PostgreSQL:
/// replay of the first answer, refusal of another request, a rolled-back write leaving the key unused, and a concurrent
/// retry that waits on the reservation and then answers as the first request did.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class IdempotentWritesTests(InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private static readonly IdempotentOperation Operation = new("test-operation", "test request", "existingThingId");

    private sealed record Thing(string Name);

    private IdempotentWrites Writes => Factory.Services.GetRequiredService<IdempotentWrites>();

    private UnitOfWorkFactory Units => Factory.Services.GetRequiredService<UnitOfWorkFactory>();

    [Fact]
    public async Task The_first_answer_is_given_again_and_another_request_with_the_key_is_refused()
    {
        var key = Writes.KeyFor("key-1", new Thing("first"));
        Assert.Null(await Writes.FindAsync<Thing>("bank-a", key, Operation, null, CancellationToken.None));
        var id = Guid.NewGuid();
        await using (var unit = await Units.BeginAsync(CancellationToken.None))
        {
            Assert.True(await Writes.TryReserveAsync(unit, "bank-a", key, Operation, CancellationToken.None));
            var first = await Writes.CompleteAsync(unit, "bank-a", key, new Thing("made"), 201, id, CancellationToken.None);
            Assert.False(first.Replayed);
            await unit.CommitAsync(CancellationToken.None);
        }

        var again = (await Writes.FindAsync<Thing>("bank-a", Writes.KeyFor("key-1", new Thing("first")), Operation, null, CancellationToken.None))!.Value;
        Assert.True(again.Value.Replayed);
        Assert.Equal((201, id, "made"), (again.Value.Status, again.Value.ResourceId, again.Value.Value.Name));

        var other = (await Writes.FindAsync<Thing>("bank-a", Writes.KeyFor("key-1", new Thing("second")), Operation, null, CancellationToken.None))!.Value;
        Assert.Equal(IdempotencyRefusals.ReusedCode, other.Refusal!.Code);
        Assert.Equal(id, other.Refusal.Details["existingThingId"]);

        // Keys are per caller: another bank's same key is unused.
        Assert.Null(await Writes.FindAsync<Thing>("bank-b", key, Operation, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_write_that_is_rolled_back_leaves_the_key_unused()
    {
        var key = Writes.KeyFor("key-2", new Thing("x"));
        await using (var unit = await Units.BeginAsync(CancellationToken.None))
        {
            Assert.True(await Writes.TryReserveAsync(unit, "bank-a", key, Operation, CancellationToken.None));
        }

        Assert.Null(await Writes.FindAsync<Thing>("bank-a", key, Operation, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_concurrent_retry_waits_for_the_first_and_then_gets_its_answer()
    {
        var key = Writes.KeyFor("key-3", new Thing("x"));
        await using var first = await Units.BeginAsync(CancellationToken.None);
        Assert.True(await Writes.TryReserveAsync(first, "bank-a", key, Operation, CancellationToken.None));

        var retry = Task.Run(async () =>
        {
            await using var unit = await Units.BeginAsync(CancellationToken.None);
            var reserved = await Writes.TryReserveAsync(unit, "bank-a", key, Operation, CancellationToken.None);
            await unit.Transaction.RollbackAsync();
            return reserved;
        });
        await using (var db = new NpgsqlConnection(Factory.ConnectionString))
        {
            await Poll.UntilAsync(
                () => db.ExecuteScalarAsync<bool>("SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%idempotency_keys%'"),
                TimeSpan.FromSeconds(30), "the retry to wait on the first request's reservation");
        }

        Assert.False(retry.IsCompleted);
        await Writes.CompleteAsync(first, "bank-a", key, new Thing("made"), 200, null, CancellationToken.None);
        await first.CommitAsync(CancellationToken.None);

        Assert.False(await retry);
        var answer = await Writes.AfterRaceAsync<Thing>("bank-a", key, Operation, null, CancellationToken.None);
        Assert.True(answer.Value.Replayed);
        Assert.Equal("made", answer.Value.Value.Name);
    }
}
