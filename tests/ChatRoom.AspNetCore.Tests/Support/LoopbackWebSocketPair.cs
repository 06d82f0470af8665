using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using ChatRoom.AspNetCore.Internal;

namespace ChatRoom.AspNetCore.Tests.Support;

/// <summary>Two WebSockets over a real loopback TCP connection: the server end and the client end.</summary>
internal sealed class LoopbackWebSocketPair
{
    private LoopbackWebSocketPair(Socket serverTcp, Socket clientTcp, bool batchedWrites)
    {
        ServerTcp = serverTcp;
        ClientTcp = clientTcp;
        Stream serverStream = new NetworkStream(serverTcp, ownsSocket: true);
        if (batchedWrites)
        {
            serverStream = ServerBatching = new WriteCoalescingStream(serverStream);
        }

        Server = WebSocket.CreateFromStream(
            serverStream,
            new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        Client = WebSocket.CreateFromStream(
            new NetworkStream(clientTcp, ownsSocket: true),
            new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
    }

    public Socket ServerTcp { get; }

    public Socket ClientTcp { get; }

    public WebSocket Server { get; }

    public WebSocket Client { get; }

    /// <summary>Gets the server end's stream when it batches writes, as a socket accepted by <c>MapChatRoom</c> does; otherwise null.</summary>
    public WriteCoalescingStream? ServerBatching { get; }

    /// <summary>Connects a pair; <paramref name="socketBufferBytes"/> shrinks both TCP ends' send and receive buffers.</summary>
    public static async Task<LoopbackWebSocketPair> CreateAsync(int? socketBufferBytes, bool batchedWrites, CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (socketBufferBytes is { } bytes)
        {
            // Set before connecting so that the TCP window is negotiated small; accepted sockets inherit the listener's.
            listener.SendBufferSize = listener.ReceiveBufferSize = bytes;
            client.SendBufferSize = client.ReceiveBufferSize = bytes;
        }

        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var connecting = client.ConnectAsync(listener.LocalEndPoint!, cancellationToken);
        var server = await listener.AcceptAsync(cancellationToken);
        await connecting;
        server.NoDelay = true;
        if (socketBufferBytes is { } serverBytes)
        {
            server.SendBufferSize = server.ReceiveBufferSize = serverBytes;
        }

        return new LoopbackWebSocketPair(server, client, batchedWrites);
    }
}
