using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>
/// Tests that publish to OneStop's queues and wait for its consumers get a broker (and PostgreSQL) of their own: a host
/// another test class leaves running (seen with the gRPC factory) would otherwise compete for the messages on the shared
/// node and acknowledge them into its own database.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "own broker";
}

/// <summary>Steps the referral and timeline tests share: an enterprise, a case, a referral, the outbox, the audit trail.</summary>
internal static class ReferralTestKit
{
    public const string Cases = "/api/onestop/cases";

    public static object Loan(decimal amount = 2_000_000m) =>
        new { bankId = "bank-a", loanAmount = amount, termMonths = 24, purpose = "working_capital" };

    public static async Task<Guid> RegisterEnterprise(HttpClient admin, string ward, string name = "沈阳转介测试有限公司") =>
        (await admin.RegisterEnterpriseAsync(new TestEnterprise { Name = name, Ward = ward })).Id;

    /// <summary>A case with no required documents, so that it can complete once back from referral.</summary>
    public static async Task<Guid> OpenCase(HttpClient clerk, Guid enterpriseId, string procedureCode = "information-consulting")
    {
        using var response = await clerk.PostAsJsonAsync(Cases, new { enterpriseId, procedureCode });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> Refer(HttpClient clerk, Guid caseId, string target = "credit-guarantee", string? note = "needs a loan")
    {
        using var response = await clerk.PostAsJsonAsync($"{Cases}/{caseId}/referrals",
            new { target, note, loanRequest = target == "credit-guarantee" ? Loan() : null });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> Referrals(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<JsonElement>($"{Cases}/{caseId}/referrals")).GetProperty("items");

    public static async Task<JsonElement> Referral(HttpClient client, Guid caseId, Guid referralId) =>
        (await Referrals(client, caseId)).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == referralId);

    /// <summary>The outbox messages of one type (short name), oldest first, with their payloads.</summary>
    public static async Task<List<JsonElement>> Outbox(string connectionString, string type)
    {
        await using var db = new NpgsqlConnection(connectionString);
        var rows = await db.QueryAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE message_type LIKE @type ORDER BY position", new { type = "%." + type });
        return rows.Select(r => JsonSerializer.Deserialize<JsonElement>(r)).ToList();
    }

    public static async Task<List<(string Action, string ActorId)>> Audit(string connectionString, string entityType, Guid id)
    {
        await using var db = new NpgsqlConnection(connectionString);
        var rows = await db.QueryAsync<(string, string)>(
            "SELECT action, actor_id FROM audit_log WHERE entity_type = @entityType AND entity_id = @id ORDER BY occurred_at, id",
            new { entityType, id = id.ToString() });
        return rows.ToList();
    }
}

/// <summary>A clock the test moves by hand; timers still run on real time (the base class's).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset to) => Interlocked.Exchange(ref ticks, to.UtcTicks);
}

/// <summary>Counts consumed and faulted deliveries by message type, to know a redelivery was handled (not merely sent).</summary>
public sealed class DeliveryCounter : IConsumeObserver
{
    private readonly Dictionary<string, int> consumed = [];
    private int faults;

    public int Faults => Volatile.Read(ref faults);

    public int Consumed<T>()
    {
        lock (consumed)
        {
            return consumed.GetValueOrDefault(typeof(T).Name);
        }
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        lock (consumed)
        {
            consumed[typeof(T).Name] = consumed.GetValueOrDefault(typeof(T).Name) + 1;
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        Interlocked.Increment(ref faults);
        return Task.CompletedTask;
    }
}
