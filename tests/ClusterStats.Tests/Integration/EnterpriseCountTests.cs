using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Integration;

[Collection(InfrastructureCollection.Name)]
public sealed class EnterpriseCountTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private ClusterStatsFactory factory = null!;
    private HttpClient client = null!;
    private IBusControl publisher = null!;
    private readonly DeliveryCounter deliveries = new();

    public async Task InitializeAsync()
    {
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        client = factory.CreateClient().WithToken(TestTokens.Issue("sme_office"));
        factory.Services.GetRequiredService<IBus>().ConnectConsumeObserver(deliveries);
        await Poll.UntilAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "ClusterStats to be ready (bus connected, queues bound)");

        // A publisher of its own, as OneStop's relay would be: same broker, same message contract.
        publisher = await factory.VirtualHost.StartPublisherAsync();
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        client.Dispose();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task Readiness_names_the_database_the_broker_and_the_outbox_relay_and_liveness_none_of_them()
    {
        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");
        var readyChecks = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        var liveChecks = (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");

        Assert.Equal(["broker", "database", "outbox-relay"], readyChecks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(readyChecks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal(["self"], liveChecks.EnumerateObject().Select(c => c.Name));
    }

    private static EnterpriseRegistered Registered(string ward, string industry) =>
        new(Guid.CreateVersion7(), "91350100M000100Y43", "测试企业", ward, industry, 10, 1_000_000m, 500_000m, DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_same_enterprise_republished_under_a_new_message_id_is_still_counted_once()
    {
        var registered = Registered("kangping", "C1392");
        await publisher.Publish(registered, ctx => ctx.MessageId = Guid.CreateVersion7());
        await publisher.Publish(registered, ctx => ctx.MessageId = Guid.CreateVersion7());

        await Poll.UntilAsync(() => Task.FromResult(deliveries.Count), n => n >= 2, TimeSpan.FromSeconds(30), "two deliveries consumed");
        Assert.Equal(1, await CellEnterprisesAsync("kangping", "C"));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_is_counted_once()
    {
        var messageId = Guid.CreateVersion7();
        var duplicate = Registered("dadong", "C3511");
        var other = Registered("dadong", "F5120");

        await publisher.Publish(duplicate, ctx => ctx.MessageId = messageId);
        await publisher.Publish(duplicate, ctx => ctx.MessageId = messageId);
        await publisher.Publish(other, ctx => ctx.MessageId = Guid.CreateVersion7());

        // All three deliveries were consumed (the duplicate too, and acknowledged), not merely the first two.
        await Poll.UntilAsync(() => Task.FromResult(deliveries.Count), n => n >= 3, TimeSpan.FromSeconds(30), "three deliveries consumed");
        var counts = await client.GetFromJsonAsync<JsonElement>("/api/stats/enterprise-counts");

        Assert.Equal(3, deliveries.Count);
        Assert.Equal(0, deliveries.Faults);
        Assert.Equal(["C", "F"], counts.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("industrySection").GetString()));
        Assert.Equal((1, 1), (await CellEnterprisesAsync("dadong", "C"), await CellEnterprisesAsync("dadong", "F")));
    }

    /// <summary>How many enterprises the (withheld) cell holds, from the SME Office's firm list.</summary>
    private async Task<int> CellEnterprisesAsync(string ward, string section) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/stats/enterprise-counts/cells/{ward}/{section}/enterprises")).GetArrayLength();

    private sealed class DeliveryCounter : IConsumeObserver
    {
        private int count;
        private int faults;

        public int Count => Volatile.Read(ref count);

        public int Faults => Volatile.Read(ref faults);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is EnterpriseRegistered)
            {
                Interlocked.Increment(ref count);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            Interlocked.Increment(ref faults);
            return Task.CompletedTask;
        }
    }
}
