using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ChatRoom.AspNetCore.Tests.Endpoint;

/// <summary>A <see cref="ClientWebSocket"/> that sends and receives chat frames as JSON, failing after a generous timeout instead of hanging.</summary>
internal sealed class TestClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private TestClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<TestClient> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        var client = new TestClient(socket);
        await socket.ConnectAsync(uri, client._timeout.Token);
        return client;
    }

    public Task SendAsync(object frame) =>
        Socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, endOfMessage: true, _timeout.Token);

    /// <summary>Receives frames until one of <paramref name="type"/> arrives.</summary>
    public async Task<JsonElement> ReceiveAsync(string type)
    {
        while (true)
        {
            var frame = await ReceiveFrameAsync() ?? throw new InvalidOperationException($"Closed ({Socket.CloseStatus}: {Socket.CloseStatusDescription}) before a '{type}' frame.");
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }
        }
    }

    /// <summary>Reads frames until the server closes; returns its close status and description.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> ReceiveCloseAsync()
    {
        while (await ReceiveFrameAsync() is not null)
        {
        }

        return (Socket.CloseStatus, Socket.CloseStatusDescription);
    }

    public async ValueTask DisposeAsync()
    {
        Socket.Abort();
        Socket.Dispose();
        _timeout.Dispose();
        await Task.CompletedTask;
    }

    private async Task<JsonElement?> ReceiveFrameAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, _timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
            }
        }
    }
}
