using System.Net;
using Npgsql;

namespace SmePlatform.Testing.Tests;

/// <summary>The choice between containers and local servers (SME_TEST_INFRA), and that the servers are what was chosen.</summary>
public sealed class TestInfrastructureTests
{
    // A socket no engine listens on: the real client really fails to ping it.
    private static readonly Uri NoEngine = new("unix:///nonexistent/sme-test/docker.sock");

    [Fact]
    public void Containers_asked_for_with_no_Docker_engine_fail_with_a_clear_message_rather_than_run_locally()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            TestInfrastructure.Choose("containers", () => TestInfrastructure.WhyDockerIsUnreachable(NoEngine)));

        Assert.StartsWith("SME_TEST_INFRA=containers, but no Docker engine answers at unix:///nonexistent/sme-test/docker.sock (", error.Message, StringComparison.Ordinal);
        Assert.Contains("SME_TEST_INFRA=local", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData(" Auto ")]
    public void Auto_runs_locally_when_no_Docker_engine_answers(string? setting) =>
        Assert.Equal(InfrastructureKind.Local, TestInfrastructure.Choose(setting, () => TestInfrastructure.WhyDockerIsUnreachable(NoEngine)));

    [Fact]
    public void Local_never_asks_for_Docker_and_an_unknown_value_is_refused()
    {
        Assert.Equal(InfrastructureKind.Local, TestInfrastructure.Choose("local", () => throw new InvalidOperationException("asked")));

        var error = Assert.Throws<InvalidOperationException>(() => TestInfrastructure.Choose("docker", () => null));
        Assert.Equal("SME_TEST_INFRA='docker' is not one of containers, local, auto.", error.Message);
    }

    [Fact]
    public async Task The_servers_are_of_the_kind_SME_TEST_INFRA_asks_for()
    {
        var asked = Environment.GetEnvironmentVariable(TestInfrastructure.KindVariable);
        var expected = asked switch
        {
            "containers" => InfrastructureKind.Containers,
            "local" => InfrastructureKind.Local,
            _ => TestInfrastructure.WhyDockerIsUnreachable() is null ? InfrastructureKind.Containers : InfrastructureKind.Local,
        };
        Assert.Equal(expected, TestInfrastructure.Kind);

        await using var postgres = await PostgresServer.StartAsync();
        await using var rabbitMq = await RabbitMqServer.StartAsync();

        // Seen from the servers themselves: a container gets the connection on its own network address, through Docker's
        // published port, and a container node is named after its container, where a local one is smetest<port>@localhost.
        await using var connection = new NpgsqlConnection(await postgres.CreateDatabaseAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT inet_server_addr()", connection);
        var serverAddress = (IPAddress)(await command.ExecuteScalarAsync())!;
        var node = await NodeNameAsync(rabbitMq);
        if (expected == InfrastructureKind.Containers)
        {
            Assert.Equal(TestInfrastructure.PostgresImage, Assert.IsType<ContainerPostgresServer>(postgres).Image);
            Assert.Equal(TestInfrastructure.RabbitMqImage, Assert.IsType<ContainerRabbitMqServer>(rabbitMq).Image);
            Assert.False(IPAddress.IsLoopback(serverAddress), $"PostgreSQL saw the test come to {serverAddress}");
            Assert.DoesNotContain("smetest", node, StringComparison.Ordinal);
        }
        else
        {
            Assert.IsType<LocalPostgresServer>(postgres);
            Assert.IsType<LocalRabbitMqServer>(rabbitMq);
            Assert.Equal(IPAddress.Loopback, serverAddress);
            Assert.Equal($"smetest{rabbitMq.Port}@localhost", node);
        }
    }

    private static async Task<string> NodeNameAsync(RabbitMqServer server)
    {
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.ManagementPort}/api/") };
        management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{server.Username}:{server.Password}")));
        using var overview = System.Text.Json.JsonDocument.Parse(await management.GetStringAsync("overview"));
        return overview.RootElement.GetProperty("node").GetString()!;
    }
}
