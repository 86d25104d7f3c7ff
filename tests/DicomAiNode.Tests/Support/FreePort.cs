using System.Net;
using System.Net.Sockets;

namespace DicomAiNode.Tests.Support;

/// <summary>A loopback port that was free a moment ago (bind 0, read, release), for servers that cannot bind port 0 themselves.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        int port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
