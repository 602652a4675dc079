using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SmePlatform.Testing.Tests;

/// <summary>
/// Two services under test on the same servers, whichever kind SME_TEST_INFRA gives, as ServiceUnderTest sets them up:
/// each its own database and its own virtual host, neither seeing the other's data or messages.
/// </summary>
public sealed class IsolationTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Two_databases_on_one_server_do_not_see_each_others_tables()
    {
        var first = await infra.Postgres.CreateDatabaseAsync();
        var second = await infra.Postgres.CreateDatabaseAsync();

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE enterprise (id int); INSERT INTO enterprise VALUES (1)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using var other = new NpgsqlConnection(second);
        await other.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM enterprise", other);
        var error = await Assert.ThrowsAsync<PostgresException>(() => count.ExecuteScalarAsync());
        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
    }

    [Fact]
    public async Task A_queue_and_its_message_in_one_virtual_host_are_not_in_another()
    {
        using var first = infra.RabbitMq.CreateVirtualHost();
        using var second = infra.RabbitMq.CreateVirtualHost();

        await using (var connection = await ConnectAsync(first))
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync("enterprise-registered", durable: false, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", "enterprise-registered", "hello"u8.ToArray());
            await Poll.UntilAsync(async () => await channel.MessageCountAsync("enterprise-registered") == 1,
                TimeSpan.FromSeconds(10), "the message to be in the first virtual host's queue");
        }

        await using (var connection = await ConnectAsync(second))
        await using (var channel = await connection.CreateChannelAsync())
        {
            var missing = await Assert.ThrowsAsync<OperationInterruptedException>(() => channel.QueueDeclarePassiveAsync("enterprise-registered"));
            Assert.Equal(404, missing.ShutdownReason!.ReplyCode);
        }
    }

    private static Task<IConnection> ConnectAsync(RabbitMqVirtualHost virtualHost) =>
        new ConnectionFactory
        {
            HostName = virtualHost.Host,
            Port = virtualHost.Port,
            VirtualHost = virtualHost.Name,
            UserName = virtualHost.Username,
            Password = virtualHost.Password,
        }.CreateConnectionAsync();
}
