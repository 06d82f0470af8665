using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Testing;

/// <summary>A chat connection without a socket, for unit-testing apps against the engine and the in-memory adapter.</summary>
/// <remarks>
/// It goes through the same three engine calls as a WebSocket and receives exactly the frames a WebSocket client
/// would. Not thread-safe: use one client per simulated user. Disposing it disconnects.
/// </remarks>
public sealed class InMemoryChatClient : IAsyncDisposable
{
    private readonly IChatEngine _engine;
    private readonly InProcessMessenger _messenger;
    private readonly FrameQueue _frames;
    private bool _disconnected;

    private InMemoryChatClient(IChatEngine engine, InProcessMessenger messenger, FrameQueue frames, string connectionId)
    {
        _engine = engine;
        _messenger = messenger;
        _frames = frames;
        ConnectionId = connectionId;
    }

    /// <summary>Gets the connection id the engine knows this client by.</summary>
    public string ConnectionId { get; }

    /// <summary>Gets how many received frames are waiting to be read.</summary>
    public int PendingFrames => _frames.Count;

    /// <summary>Connects a client, as a WebSocket with the query string <c>?name=…</c> would.</summary>
    /// <param name="services">The service provider with <c>AddChatRoom().AddInMemory()</c>.</param>
    /// <param name="name">The display name to ask for, or <see langword="null"/> for a guest name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="InvalidOperationException">The engine refused the connection.</exception>
    public static Task<InMemoryChatClient> ConnectAsync(IServiceProvider services, string? name = null, CancellationToken cancellationToken = default)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (name is not null)
        {
            query["name"] = name;
        }

        return ConnectAsync(services, ConnectionMetadata.FromQuery(query), cancellationToken);
    }

    /// <summary>Connects a client with the given request metadata.</summary>
    /// <param name="services">The service provider with <c>AddChatRoom().AddInMemory()</c>.</param>
    /// <param name="metadata">Query parameters, headers and address, as a transport would pass them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="InvalidOperationException">The engine refused the connection.</exception>
    public static async Task<InMemoryChatClient> ConnectAsync(IServiceProvider services, ConnectionMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(metadata);

        var engine = services.GetRequiredService<IChatEngine>();
        var messenger = services.GetService<InProcessMessenger>()
            ?? throw new InvalidOperationException("InMemoryChatClient needs the in-process messenger: call AddChatRoom().AddInMemory().");
        var frames = new FrameQueue();
        var client = new InMemoryChatClient(engine, messenger, frames, messenger.Register(frames));
        var result = await engine.ConnectedAsync(client.ConnectionId, metadata, cancellationToken).ConfigureAwait(false);
        if (!result.IsAccepted)
        {
            messenger.Unregister(client.ConnectionId);
            throw new InvalidOperationException($"The engine refused the connection: {result.Status} ({result.Reason}).");
        }

        return client;
    }

    /// <summary>Sends a text frame, exactly as a WebSocket client would.</summary>
    /// <param name="json">The frame, e.g. <c>{"action":"join","room":"lobby"}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the engine has handled the frame (replies are queued by then).</returns>
    public Task SendAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ObjectDisposedException.ThrowIf(_disconnected, this);
        return _engine.FrameReceivedAsync(ConnectionId, Encoding.UTF8.GetBytes(json), cancellationToken);
    }

    /// <summary>Waits for the next frame this connection receives.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The frame's JSON root.</returns>
    /// <exception cref="ChannelClosedException">The server closed the connection and every frame before the close was read.</exception>
    public async Task<JsonElement> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var frame = await _frames.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(frame);
        return document.RootElement.Clone();
    }

    /// <summary>Waits for the next frame whose <c>type</c> is <paramref name="type"/>, skipping the others.</summary>
    /// <param name="type">The frame type, e.g. <c>message</c> or <c>error</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The frame's JSON root.</returns>
    public async Task<JsonElement> ReceiveAsync(string type, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var frame = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (frame.TryGetProperty("type", out var actual) && actual.ValueEquals(type))
            {
                return frame;
            }
        }
    }

    /// <summary>Disconnects the client, as a closed WebSocket would.</summary>
    /// <returns>A task that completes when the engine has removed the connection.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disconnected)
        {
            return;
        }

        _disconnected = true;
        _messenger.Unregister(ConnectionId);
        await _engine.DisconnectedAsync(ConnectionId).ConfigureAwait(false);
    }

    /// <summary>The client's inbox.</summary>
    private sealed class FrameQueue : IConnectionSink
    {
        private readonly Channel<ReadOnlyMemory<byte>> _channel = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();

        public ChannelReader<ReadOnlyMemory<byte>> Reader => _channel.Reader;

        public int Count => _channel.Reader.Count;

        public DeliveryResult Deliver(ReadOnlyMemory<byte> utf8Frame) =>
            _channel.Writer.TryWrite(utf8Frame) ? DeliveryResult.Delivered : DeliveryResult.Gone;

        /// <summary>Ends the inbox after the frames already in it, as a socket closed by the server would.</summary>
        public void Close() => _channel.Writer.TryComplete();
    }
}
