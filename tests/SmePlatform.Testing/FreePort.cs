using System.Net;
using System.Net.Sockets;

namespace SmePlatform.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for servers started by tests.</summary>
public static class FreePort
{
    // Ports someone else counts on even when nothing listens yet: ./sme up's fixed ports and the
    // range rabbitmqctl binds its own distribution port in (35672-35682).
    private static readonly HashSet<int> Reserved = [55432, 55672, 55679, 15673, 5101, 5102, 5103, 5104, 5105, 8080];
    private const int CliDistPortMin = 35672;
    private const int CliDistPortMax = 35682;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port nothing listens on right now, never the same one twice in this process. The port is
    /// released before it is returned, so another process could still take it: callers that start a
    /// server retry with a new port when it fails to bind.
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            int port;
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            }

            if (Reserved.Contains(port) || port is >= CliDistPortMin and <= CliDistPortMax)
                continue;

            lock (Gate)
            {
                if (HandedOut.Add(port))
                    return port;
            }
        }

        throw new InvalidOperationException("Could not find a free TCP port on 127.0.0.1.");
    }
}
