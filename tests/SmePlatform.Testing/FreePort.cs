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

    // Below Linux's ephemeral range (32768-60999), from which every outgoing connection of every process takes its
    // local port: a port handed out from there can be taken by a connection to PostgreSQL or RabbitMQ between the
    // check and the server's bind, which happened on busy machines. Servers of other test processes are the only
    // competition down here, and they bind what they check.
    private const int RangeStart = 20000;
    private const int RangeEnd = 32700;

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
            var port = Random.Shared.Next(RangeStart, RangeEnd);
            if (Reserved.Contains(port) || port is >= CliDistPortMin and <= CliDistPortMax || !CanBind(port))
                continue;

            lock (Gate)
            {
                if (HandedOut.Add(port))
                    return port;
            }
        }

        throw new InvalidOperationException("Could not find a free TCP port on 127.0.0.1.");
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
