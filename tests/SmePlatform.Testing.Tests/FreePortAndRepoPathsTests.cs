using System.Net;
using System.Net.Sockets;

namespace SmePlatform.Testing.Tests;

public sealed class FreePortAndRepoPathsTests
{
    [Fact]
    public void Free_ports_are_distinct_and_bindable()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        using var listener = new TcpListener(IPAddress.Loopback, ports[^1]);
        listener.Start();
    }

    [Fact]
    public void Root_is_the_folder_of_the_solution()
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "SmePlatform.sln")));
        Assert.True(File.Exists(RepoPaths.InfraScript("postgres.sh")));
    }

    [Fact]
    public void Service_dlls_come_from_the_same_configuration_as_the_tests()
    {
        var expectedConfiguration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Debug"
            : "Release";

        var dll = RepoPaths.ServiceDll("services/OneStop", "SmePlatform.OneStop");

        Assert.Equal(expectedConfiguration, RepoPaths.Configuration);
        Assert.Equal(
            Path.Combine(RepoPaths.Root, "services", "OneStop", "bin", expectedConfiguration, "net10.0", "SmePlatform.OneStop.dll"),
            dll);
    }
}
