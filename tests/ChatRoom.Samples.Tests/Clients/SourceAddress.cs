using System.Net;
using System.Net.Sockets;

namespace ChatRoom.Samples.Tests.Clients;

/// <summary>HTTP (and WebSocket) connections from a chosen local address, e.g. <c>127.0.0.2</c>: another client address on loopback.</summary>
public static class SourceAddress
{
    /// <summary>Creates an invoker whose connections are bound to <paramref name="address"/> before they connect.</summary>
    public static HttpMessageInvoker Invoker(IPAddress address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });
}
