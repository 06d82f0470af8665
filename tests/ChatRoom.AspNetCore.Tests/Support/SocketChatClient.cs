using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ChatRoom.AspNetCore.Tests.Support;

/// <summary>The client end of a loopback WebSocket whose server end runs a <see cref="WebSocketChatHost"/> session.</summary>
internal sealed class SocketChatClient(LoopbackWebSocketPair pair, Task<WebSocketState> session, CancellationToken timeout)
{
    private readonly byte[] _buffer = new byte[16 * 1024];

    public WebSocket Socket => pair.Client;

    public Socket Tcp => pair.ClientTcp;

    /// <summary>Gets the server side's <see cref="WebSocketChatHost.RunAsync"/>, including the server socket's disposal.</summary>
    /// <remarks>Its result is the server socket's state when <see cref="WebSocketChatHost.RunAsync"/> returned.</remarks>
    public Task<WebSocketState> Session { get; } = session;

    /// <summary>Gets the connection id the engine gave this client; known after <see cref="JoinAsync"/>.</summary>
    public string ConnectionId { get; private set; } = string.Empty;

    public Task SendTextAsync(string json) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(json).AsMemory(), WebSocketMessageType.Text, endOfMessage: true, timeout).AsTask();

    public async Task<JsonElement> JoinAsync(string room)
    {
        await SendTextAsync($$"""{"action":"join","room":"{{room}}"}""");
        var joined = await ReceiveAsync("joined");
        ConnectionId = joined.GetProperty("you").GetProperty("connectionId").GetString()!;
        return joined;
    }

    /// <summary>Receives the next text frame; fails if the server closes instead.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var frame = await ReceiveFrameOrCloseAsync();
        return frame ?? throw new InvalidOperationException($"The server closed the socket ({Socket.CloseStatus}: {Socket.CloseStatusDescription}) instead of sending a frame.");
    }

    /// <summary>Receives frames until one of type <paramref name="type"/> arrives.</summary>
    public async Task<JsonElement> ReceiveAsync(string type)
    {
        while (true)
        {
            var frame = await ReceiveAsync();
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }
        }
    }

    /// <summary>Receives frames until the presence event <paramref name="presenceEvent"/> for <paramref name="connectionId"/> arrives.</summary>
    public async Task<JsonElement> ReceivePresenceAsync(string presenceEvent, string connectionId)
    {
        while (true)
        {
            var frame = await ReceiveAsync("presence");
            if (IsPresence(frame, presenceEvent, connectionId))
            {
                return frame;
            }
        }
    }

    /// <summary>Receives frames until the server's close frame, answers it as a browser would, and returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        while (await ReceiveFrameOrCloseAsync() is not null)
        {
        }

        var status = Socket.CloseStatus;
        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout);
        return status;
    }

    /// <summary>Receives the next text frame, or <see langword="null"/> when the server's close frame arrives.</summary>
    public async Task<JsonElement?> ReceiveFrameOrCloseAsync()
    {
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(), timeout);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(_buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                using var document = JsonDocument.Parse(message.ToArray());
                return document.RootElement.Clone();
            }
        }
    }

    public static bool IsPresence(JsonElement frame, string presenceEvent, string connectionId) =>
        frame.GetProperty("type").GetString() == "presence"
        && frame.GetProperty("event").GetString() == presenceEvent
        && frame.GetProperty("member").GetProperty("connectionId").GetString() == connectionId;
}
