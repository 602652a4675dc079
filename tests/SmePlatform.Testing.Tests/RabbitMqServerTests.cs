using System.Diagnostics;
using System.Net.Sockets;

namespace SmePlatform.Testing.Tests;

// These start a node of the kind SME_TEST_INFRA asks for (TestInfrastructure), except where the name says local.
public sealed class RabbitMqServerTests
{
    private static readonly byte[] AmqpProtocolHeader = "AMQP\0\0\x09\x01"u8.ToArray();

    [Fact]
    public async Task Starts_a_real_node_that_speaks_AMQP_0_9_1_on_loopback()
    {
        await using var server = await RabbitMqServer.StartAsync();

        Assert.Equal("127.0.0.1", server.Host);
        var frame = await ReadConnectionStartAsync(server.Port);

        Assert.Equal(1, frame[0]);                        // method frame
        Assert.Equal(0, (frame[1] << 8) | frame[2]);      // channel 0
        Assert.Equal(10, (frame[7] << 8) | frame[8]);     // class: connection
        Assert.Equal(10, (frame[9] << 8) | frame[10]);    // method: start
        Assert.Equal(0, frame[11]);                       // version major
        Assert.Equal(9, frame[12]);                       // version minor
    }

    [LocalServersFact]
    public async Task A_local_node_answers_rabbitmqctl_and_dispose_removes_its_folder_and_can_be_repeated()
    {
        var server = await LocalRabbitMqServer.StartAsync();
        Assert.Equal($"smetest{server.Port}@localhost", server.NodeName);
        var (exitCode, output) = await RunAsync("bash", RepoPaths.InfraScript("rabbitmq.sh"), "status", server.NodeName, server.BaseDirectory);
        Assert.True(exitCode == 0, output);
        Assert.Contains("running", output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(server.BaseDirectory));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.BaseDirectory));
        await Assert.ThrowsAnyAsync<SocketException>(() => ReadConnectionStartAsync(server.Port));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Each_virtual_host_is_separate_usable_by_the_server_user_and_gone_after_dispose()
    {
        await using var server = await RabbitMqServer.StartAsync();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.ManagementPort}/api/") };
        management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{server.Username}:{server.Password}")));

        var first = server.CreateVirtualHost();
        using var second = server.CreateVirtualHost();
        Assert.NotEqual(first.Name, second.Name);
        // A queue declared in one virtual host is not in the other.
        using (var declare = await management.PutAsync($"queues/{Uri.EscapeDataString(first.Name)}/only-here",
                   new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(declare.IsSuccessStatusCode, await declare.Content.ReadAsStringAsync());
        }

        Assert.Contains("only-here", await management.GetStringAsync($"queues/{Uri.EscapeDataString(first.Name)}"), StringComparison.Ordinal);
        Assert.DoesNotContain("only-here", await management.GetStringAsync($"queues/{Uri.EscapeDataString(second.Name)}"), StringComparison.Ordinal);
        var permissions = await management.GetStringAsync($"permissions/{Uri.EscapeDataString(first.Name)}/{Uri.EscapeDataString(server.Username)}");
        Assert.Contains("\"read\":\".*\"", permissions, StringComparison.Ordinal);

        first.Dispose();
        first.Dispose();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await management.GetAsync($"vhosts/{Uri.EscapeDataString(first.Name)}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await management.GetAsync($"vhosts/{Uri.EscapeDataString(second.Name)}")).StatusCode);
    }

    private static async Task<byte[]> ReadConnectionStartAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(AmqpProtocolHeader);
        var frame = new byte[13];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(frame, timeout.Token);
        return frame;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
