using System.Net.WebSockets;
using System.Threading.Channels;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>One client connection: its identity for events and <c>GET @connections</c>, and its outbound queue.</summary>
/// <remarks>
/// Frames posted to <c>@connections</c> are queued and written by one writer loop, so sends never overlap. Frames
/// posted while <c>$connect</c> is still running wait in the queue until the upgrade completes.
/// </remarks>
internal sealed class GatewayConnection : IDisposable
{
    private const int MaxQueuedFrames = 4096;

    private readonly Channel<byte[]> _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(MaxQueuedFrames) { SingleReader = true });
    private readonly CancellationTokenSource _closeRequested = new();
    private long _lastActiveTicks;

    public GatewayConnection(string id, DateTimeOffset connectedAt, string sourceIp, string? userAgent, string domainName)
    {
        Id = id;
        ConnectedAt = connectedAt;
        SourceIp = sourceIp;
        UserAgent = userAgent;
        DomainName = domainName;
        _lastActiveTicks = connectedAt.UtcTicks;
    }

    public string Id { get; }

    public DateTimeOffset ConnectedAt { get; }

    public string SourceIp { get; }

    public string? UserAgent { get; }

    public string DomainName { get; }

    public DateTimeOffset LastActiveAt => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);

    /// <summary>Gets the close the gateway asked for (idle, too old, DELETE, too big, binary), once requested.</summary>
    public (WebSocketCloseStatus Status, string Reason)? CloseRequest { get; private set; }

    public CancellationToken CloseRequested => _closeRequested.Token;

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActiveTicks, now.UtcTicks);

    /// <summary>Queues a frame; false when the client is hopelessly behind (the connection is then closed).</summary>
    public bool TryEnqueue(byte[] frame)
    {
        if (_outbound.Writer.TryWrite(frame))
        {
            return true;
        }

        RequestClose(WebSocketCloseStatus.PolicyViolation, "Client too slow");
        return false;
    }

    public void RequestClose(WebSocketCloseStatus status, string reason)
    {
        lock (_outbound)
        {
            if (CloseRequest is not null)
            {
                return;
            }

            CloseRequest = (status, reason);
        }

        _outbound.Writer.TryComplete();
        try
        {
            _closeRequested.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile.
        }
    }

    /// <summary>Writes queued frames until the connection closes; then sends the requested close frame, if any.</summary>
    public async Task RunWriterAsync(WebSocket socket, TimeProvider timeProvider, CancellationToken aborted)
    {
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync(aborted))
            {
                if (socket.State != WebSocketState.Open && socket.State != WebSocketState.CloseReceived)
                {
                    break;
                }

                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, aborted);
                Touch(timeProvider.GetUtcNow());
            }

            if (CloseRequest is { } close && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(close.Status, close.Reason, aborted);
            }
            else if (socket.State == WebSocketState.CloseReceived)
            {
                // The client closed: answer with its status (1000 when it gave none).
                var status = socket.CloseStatus is { } received && received != WebSocketCloseStatus.Empty ? received : WebSocketCloseStatus.NormalClosure;
                await socket.CloseOutputAsync(status, null, aborted);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is gone; the reader notices and ends the connection.
        }
    }

    public void Dispose() => _closeRequested.Dispose();

    /// <summary>Stops the writer after the reader ended (the client closed or vanished).</summary>
    public void Complete() => _outbound.Writer.TryComplete();
}
