using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>One WebSocket: a reader loop that feeds the engine and a writer loop that drains a byte-bounded queue.</summary>
/// <remarks>
/// All sends, close frames included, go through the writer loop, so the socket never sees two sends at once.
/// A client that stops reading fills its queue and is closed; it never slows anyone else down.
/// Over a <see cref="WriteCoalescingStream"/> the writer sends everything queued when it wakes with one write, up to
/// <see cref="BatchBytes"/> at a time; with a <see cref="WriteDelayClock"/>, a writer that just sent waits for the
/// clock's next tick before it sends again, so that frames arriving close together share a write (and a send system call).
/// </remarks>
internal sealed class WebSocketSession : IConnectionSink, IDisposable
{
    private const int InitialReceiveBufferBytes = 4 * 1024;

    /// <summary>The most a batch holds before it is sent: a catching-up client gets several writes, not one huge copy.</summary>
    private const int BatchBytes = 64 * 1024;

    private readonly WebSocket _socket;
    private readonly WebSocketHostOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly WriteCoalescingStream? _coalescing;
    private readonly WriteDelayClock? _writeDelay;
    private readonly Channel<ReadOnlyMemory<byte>> _outbound = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private long _queuedBytes;
    private int _handlingFrame;
    private int _shuttingDown;
    private CloseRequest? _close;
    private ITimer? _abortTimer;
    private bool _disposed;

    /// <param name="socket">The accepted socket.</param>
    /// <param name="coalescing">The stream <paramref name="socket"/> runs over, when it is one whose writes can be batched.</param>
    /// <param name="writeDelay">The clock a writer that has just written waits for before its next write, when a write delay is configured.</param>
    /// <param name="options">The host's limits.</param>
    /// <param name="timeProvider">Times the close handshake.</param>
    /// <param name="logger">Logs socket failures and slow consumers.</param>
    public WebSocketSession(WebSocket socket, WriteCoalescingStream? coalescing, WriteDelayClock? writeDelay, WebSocketHostOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _socket = socket;
        _coalescing = coalescing;
        _writeDelay = writeDelay;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets or sets the id the messenger registered this session under; set before the engine hears of it.</summary>
    public string ConnectionId { get; set; } = string.Empty;

    public DeliveryResult Deliver(ReadOnlyMemory<byte> utf8Frame)
    {
        if (Volatile.Read(ref _close) is not null)
        {
            return DeliveryResult.Gone;
        }

        if (Interlocked.Add(ref _queuedBytes, utf8Frame.Length) > _options.MaxQueuedBytes)
        {
            Log.SlowConsumer(_logger, ConnectionId, _options.MaxQueuedBytes);
            RequestClose(WebSocketCloseStatus.PolicyViolation, "Outbound queue full: the client is not reading fast enough.");
            return DeliveryResult.Gone;
        }

        return _outbound.Writer.TryWrite(utf8Frame) ? DeliveryResult.Delivered : DeliveryResult.Gone;
    }

    /// <summary>Runs the session until the socket closes, fails, or <paramref name="shutdown"/> closes it with 1001.</summary>
    public async Task RunAsync(IChatEngine engine, CancellationToken shutdown)
    {
        using var onShutdown = shutdown.Register(BeginShutdown);
        var writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync(engine).ConfigureAwait(false);
            await ReceiveCloseReplyAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client vanished or the socket was aborted: the session is over either way.
            Log.SocketFailed(_logger, ConnectionId, ex.Message);
            _socket.Abort();
        }
        finally
        {
            RequestClose(WebSocketCloseStatus.NormalClosure, null);
            await writer.ConfigureAwait(false);
        }
    }

    /// <summary>Closes the socket with 4410 because the engine no longer knows the connection; frames still queued are dropped.</summary>
    public void CloseUnregistered() =>
        RequestClose(CloseReason.RegistrationLost, "This connection's registration expired; reconnect.");

    /// <summary>Closes the socket with 1000 because the application disconnected it; frames still queued are sent first.</summary>
    public void Close() =>
        RequestClose(WebSocketCloseStatus.NormalClosure, "Disconnected by the server.", drainQueue: true);

    /// <summary>Closes a socket that was never accepted by the engine.</summary>
    public async Task RefuseAsync(WebSocketCloseStatus status, string? description)
    {
        RequestClose(status, description);
        var writer = WriteLoopAsync();
        try
        {
            await ReceiveCloseReplyAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Log.SocketFailed(_logger, ConnectionId, ex.Message);
            _socket.Abort();
        }
        finally
        {
            await writer.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        lock (_outbound)
        {
            _disposed = true;
            _abortTimer?.Dispose();
        }
    }

    private async Task ReadLoopAsync(IChatEngine engine)
    {
        while (true)
        {
            // Wait for the next message with a zero-byte read, so that an idle connection holds no receive buffer
            // (ManagedWebSocket supports it; SignalR does the same). The buffer is rented only while a message is read.
            var next = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
            if (!Accept(next))
            {
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBufferBytes);
            try
            {
                var received = 0;
                var result = next;
                while (!result.EndOfMessage)
                {
                    // Check the limit, not the buffer's length: the pool may return a larger array than asked for, and the
                    // initial buffer exceeds limits under 4 KB. A receive into an empty slice returns 0 bytes forever.
                    if (received >= _options.MaxFrameBytes)
                    {
                        RequestClose(WebSocketCloseStatus.MessageTooBig, $"Frames are limited to {_options.MaxFrameBytes} bytes.");
                        return;
                    }

                    if (received == buffer.Length)
                    {
                        buffer = Grow(buffer, received);
                    }

                    var room = Math.Min(buffer.Length, _options.MaxFrameBytes) - received;
                    result = await _socket.ReceiveAsync(buffer.AsMemory(received, room), CancellationToken.None).ConfigureAwait(false);
                    if (!Accept(result))
                    {
                        return;
                    }

                    received += result.Count;
                }

                if (!await HandleFrameAsync(engine, buffer.AsMemory(0, received)).ConfigureAwait(false))
                {
                    return;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Hands one frame to the engine unless the host is shutting down; returns whether to read on.</summary>
    private async Task<bool> HandleFrameAsync(IChatEngine engine, ReadOnlyMemory<byte> frame)
    {
        // Interlocked on both sides: either this loop sees the shutdown and drops the frame unanswered (the client
        // resends it), or BeginShutdown sees the frame in hand and leaves the close to this loop, after the frame's
        // replies, its acknowledgement above all, are queued.
        Interlocked.Exchange(ref _handlingFrame, 1);
        try
        {
            if (Interlocked.CompareExchange(ref _shuttingDown, 0, 0) == 1)
            {
                return false;
            }

            await engine.FrameReceivedAsync(ConnectionId, frame, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref _handlingFrame, 0);
        }

        if (Interlocked.CompareExchange(ref _shuttingDown, 0, 0) == 1)
        {
            RequestShutdownClose();
            return false;
        }

        return true;
    }

    /// <summary>Closes with 1001 now, or, while a frame is being handled, once its replies are queued.</summary>
    private void BeginShutdown()
    {
        Interlocked.Exchange(ref _shuttingDown, 1);
        if (Interlocked.CompareExchange(ref _handlingFrame, 0, 0) == 0)
        {
            RequestShutdownClose();
        }
    }

    private void RequestShutdownClose() =>
        RequestClose(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down.", drainQueue: true);

    /// <summary>Requests the close a close or binary frame calls for; returns whether the message may be read on.</summary>
    private bool Accept(ValueWebSocketReceiveResult result)
    {
        if (result.MessageType == WebSocketMessageType.Close)
        {
            RequestClose(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null);
            return false;
        }

        if (result.MessageType == WebSocketMessageType.Binary)
        {
            RequestClose(WebSocketCloseStatus.InvalidMessageType, "Binary frames are not supported; send JSON text frames.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// After the server started the close (1009, 1003, a refusal), reads and discards until the client's close frame,
    /// so that the close handshake completes before the caller tears the connection down. The abort timer ends the
    /// wait for a client that never answers.
    /// </summary>
    private async Task ReceiveCloseReplyAsync()
    {
        var scratch = ArrayPool<byte>.Shared.Rent(InitialReceiveBufferBytes);
        try
        {
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await _socket.ReceiveAsync(scratch.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private byte[] Grow(byte[] buffer, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxFrameBytes));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            var reader = _outbound.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                if (!await SendUntilIdleAsync(reader).ConfigureAwait(false))
                {
                    break;
                }
            }

            if (_close is { } close && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(close.Status, close.Description, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Log.SocketFailed(_logger, ConnectionId, ex.Message);
            _socket.Abort();
        }
    }

    /// <summary>
    /// Sends what is queued and, with a write delay, goes on sending at each tick until a tick finds nothing queued;
    /// returns false once a close that drops the queue was requested.
    /// </summary>
    /// <remarks>
    /// The writer gets here from idle (nothing queued at its last tick), so what is queued now goes out at once: a
    /// quiet socket never waits. After that send it waits for the clock's tick and sends everything queued meanwhile
    /// with one write, for as long as each tick finds something, as in a busy room. Like Nagle's algorithm, with the
    /// tick in place of the acknowledgement.
    /// </remarks>
    private async Task<bool> SendUntilIdleAsync(ChannelReader<ReadOnlyMemory<byte>> reader)
    {
        while (true)
        {
            if (!reader.TryPeek(out _))
            {
                return true;
            }

            await SendQueuedAsync(reader).ConfigureAwait(false);
            if (Volatile.Read(ref _close) is { DrainQueue: false })
            {
                return false;
            }

            if (_writeDelay is null || Volatile.Read(ref _close) is not null)
            {
                return true;
            }

            await _writeDelay.NextTickAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is queued, in batches of one write each when the socket's stream allows it.</summary>
    private async Task SendQueuedAsync(ChannelReader<ReadOnlyMemory<byte>> reader)
    {
        // Once a close is requested, frames still queued are dropped (the client recovers them with "since"), except on
        // shutdown, which sends what was queued before it: acknowledgements of messages just stored.
        if (_coalescing is null)
        {
            while (Volatile.Read(ref _close) is null or { DrainQueue: true } && reader.TryRead(out var frame))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Add(ref _queuedBytes, -frame.Length);
            }

            return;
        }

        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            // What the socket's own SendAsync would say: the frames are written here, past its checks.
            throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {_socket.State}; nothing more can be sent.");
        }

        await _coalescing.OpenBatchAsync().ConfigureAwait(false);
        while (Volatile.Read(ref _close) is null or { DrainQueue: true } && reader.TryRead(out var frame))
        {
            _coalescing.AppendTextFrame(frame.Span);
            Interlocked.Add(ref _queuedBytes, -frame.Length);
            if (_coalescing.BatchedBytes >= BatchBytes)
            {
                await _coalescing.SendBatchAsync().ConfigureAwait(false);
                await _coalescing.OpenBatchAsync().ConfigureAwait(false);
            }
        }

        await _coalescing.SendBatchAsync().ConfigureAwait(false);
    }

    private void RequestClose(WebSocketCloseStatus status, string? description, bool drainQueue = false)
    {
        if (Interlocked.CompareExchange(ref _close, new CloseRequest(status, description, drainQueue), null) is not null)
        {
            return;
        }

        _outbound.Writer.TryComplete();

        // A client that never reads, or never answers the close, must not hold the session open.
        // A close requested as the session ends must not leave a timer behind to abort a socket the caller reuses or disposes.
        lock (_outbound)
        {
            if (!_disposed)
            {
                _abortTimer = _timeProvider.CreateTimer(static state => ((WebSocket)state!).Abort(), _socket, _options.CloseTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The close status and description the writer loop sends, and whether it sends the queued frames first.</summary>
    private sealed record CloseRequest(WebSocketCloseStatus Status, string? Description, bool DrainQueue);
}
