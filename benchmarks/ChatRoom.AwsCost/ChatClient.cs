using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ChatRoom.AwsCost;

/// <summary>
/// One WebSocket client of the local gateway: counts the frames it receives by <c>type</c> (ChatRoom's
/// <c>message</c>, the reference design's <c>reference</c>), and when each <c>message</c> arrived, by its text.
/// </summary>
internal sealed class ChatClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<(string Text, long Timestamp)> _receipts = [];
    private int _messages;
    private int _references;
    private Task _reader = Task.CompletedTask;

    /// <summary>Gets the id the gateway gave this connection (what <c>@connections</c> is called with).</summary>
    public string ConnectionId { get; private set; } = string.Empty;

    public int Messages => Volatile.Read(ref _messages);

    public int References => Volatile.Read(ref _references);

    /// <summary>Gets the <see cref="System.Diagnostics.Stopwatch"/> timestamps at which <c>message</c> events with this text arrived, in arrival order.</summary>
    public IReadOnlyList<long> ReceiptsOf(string text)
    {
        lock (_lock)
        {
            return [.. _receipts.Where(r => r.Text == text).Select(r => r.Timestamp)];
        }
    }

    /// <summary>Connects; <c>$connect</c> has run when the upgrade completes, so the gateway's function has seen the id.</summary>
    public static async Task<ChatClient> ConnectAsync(MeteredGateway gateway, string name, CancellationToken cancellationToken)
    {
        var client = new ChatClient();
        try
        {
            client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await client._socket.ConnectAsync(gateway.ClientUri(name), cancellationToken);
            client._reader = client.ReadAsync();
            client.ConnectionId = gateway.Invocations.ConnectionIds.TryGetValue(name, out var id)
                ? id
                : throw new InvalidOperationException($"The function never saw $connect for {name}.");
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public Task SendAsync(string json, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Drops the connection without a close frame: the gateway (with <c>SimulateLostDisconnects</c>) then skips <c>$disconnect</c>.</summary>
    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _stop.CancelAsync();
        await _reader;
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                Count(buffer.AsSpan(0, length));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Aborted: the run is over for this client.
        }
    }

    private void Count(ReadOnlySpan<byte> frame)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        var reader = new Utf8JsonReader(frame);
        using var document = JsonDocument.ParseValue(ref reader);
        var type = document.RootElement.TryGetProperty("type", out var value) ? value.GetString() : null;
        switch (type)
        {
            case "message":
                Interlocked.Increment(ref _messages);
                var text = document.RootElement.TryGetProperty("text", out var t) ? t.GetString() ?? string.Empty : string.Empty;
                lock (_lock)
                {
                    _receipts.Add((text, arrived));
                }

                break;
            case "reference":
                Interlocked.Increment(ref _references);
                break;
            default:
                break; // presence and the like
        }
    }
}
