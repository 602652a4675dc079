using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net;
using Npgsql;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>
/// Two dispatchers (replicas) claiming at the same moment never take the same delivery, and a delivery whose sender
/// died comes back when its lease ends. The app's own dispatcher is idle here (it polls once an hour).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DeliveryClaimTests(InfrastructureFixture infra) : NotificationsTest(infra)
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["Webhooks:PollInterval"] = "01:00:00" };

    [Fact]
    public async Task Concurrent_claims_are_disjoint_and_an_expired_lease_is_claimed_again()
    {
        using (var registered = await Bank.PutAsJsonAsync("/api/bank/v1/webhook", new { url = "http://127.0.0.1:9/unused" }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            await SubmitAsync(Bank);
        }

        await using var dataSource = NpgsqlDataSource.Create(Factory.ConnectionString);
        var now = DateTimeOffset.UtcNow.AddSeconds(5);
        var lease = TimeSpan.FromMinutes(1);
        var claimed = new ConcurrentBag<Guid>();
        async Task ReplicaAsync()
        {
            while (true)
            {
                var batch = await WebhookStore.ClaimAsync(dataSource, now, lease, 3, CancellationToken.None);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var delivery in batch)
                {
                    claimed.Add(delivery.Id);
                }
            }
        }

        await Task.WhenAll(ReplicaAsync(), ReplicaAsync(), ReplicaAsync());

        // 5 submissions × 3 status changes each (none → submitted → screening → under_examination), one delivery each.
        Assert.Equal(15, claimed.Count);
        Assert.Equal(15, claimed.Distinct().Count());

        // Nobody recorded an attempt: once the lease has passed, each is claimed again, as the second attempt.
        Assert.Empty(await WebhookStore.ClaimAsync(dataSource, now + lease - TimeSpan.FromSeconds(1), lease, 100, CancellationToken.None));
        var again = await WebhookStore.ClaimAsync(dataSource, now + lease + TimeSpan.FromSeconds(1), lease, 100, CancellationToken.None);
        Assert.Equal(15, again.Count);
        Assert.All(again, d => Assert.Equal(2, d.Attempt));
        Assert.All(again, d => Assert.Equal("http://127.0.0.1:9/unused", d.Url));
    }
}
