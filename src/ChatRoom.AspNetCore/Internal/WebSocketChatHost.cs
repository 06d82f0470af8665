using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>Runs chat sessions on accepted WebSockets (Kestrel, HttpListener or any <see cref="WebSocket"/>) in this process.</summary>
/// <remarks>
/// A thread-safe instance per mapped endpoint. Each session has one reader loop and one writer loop.
/// Inbound messages over <see cref="WebSocketHostOptions.MaxFrameBytes"/> close the socket with 1009, binary frames
/// with 1003, a client that falls <see cref="WebSocketHostOptions.MaxQueuedBytes"/> behind with 1008, host shutdown
/// with 1001, and a connection whose registration is gone (renewed every <see cref="IChatEngine.RenewalInterval"/>
/// while the socket is open) with 4410. A refused connection is closed before any frame: 4401 when it is
/// unauthenticated (no token, or an invalid or expired one), 1008 when the authorizer forbids it, 1011 when storage is
/// unavailable; the reason is the close description.
/// </remarks>
internal sealed class WebSocketChatHost : IDisposable
{
    private readonly IChatEngine _engine;
    private readonly InProcessMessenger _messenger;
    private readonly WebSocketHostOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly WriteDelayClock? _writeDelay;

    public WebSocketChatHost(IChatEngine engine, InProcessMessenger messenger, WebSocketHostOptions options, TimeProvider timeProvider, ILogger<WebSocketChatHost> logger)
    {
        _engine = engine;
        _messenger = messenger;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _writeDelay = options.WriteDelay > TimeSpan.Zero ? new WriteDelayClock(options.WriteDelay, timeProvider) : null;
    }

    /// <summary>Runs one chat session until the socket closes. The caller keeps ownership of the socket.</summary>
    /// <param name="socket">An open WebSocket.</param>
    /// <param name="metadata">What the transport knows about the request (query parameters such as <c>name</c>, headers, address).</param>
    /// <param name="coalescing">The stream <paramref name="socket"/> runs over, when it is one whose writes can be batched; otherwise null.</param>
    /// <param name="cancellationToken">Closes the socket with 1001 (going away) when cancelled, e.g. on host shutdown.</param>
    /// <returns>A task that completes when the session is over and the connection is removed.</returns>
    public async Task RunAsync(WebSocket socket, ConnectionMetadata metadata, WriteCoalescingStream? coalescing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(metadata);

        using var session = new WebSocketSession(socket, coalescing, _writeDelay, _options, _timeProvider, _logger);
        var connectionId = _messenger.Register(session);
        session.ConnectionId = connectionId;
        var accepted = false;
        try
        {
            var result = await ConnectAsync(connectionId, metadata, cancellationToken).ConfigureAwait(false);
            if (!result.IsAccepted)
            {
                var status = result.Status switch
                {
                    ConnectStatus.Unauthenticated => CloseReason.Unauthenticated,
                    ConnectStatus.Unavailable => WebSocketCloseStatus.InternalServerError,
                    _ => WebSocketCloseStatus.PolicyViolation,
                };
                await session.RefuseAsync(status, CloseReason.Fit(result.Reason)).ConfigureAwait(false);
                return;
            }

            accepted = true;
            if (_engine.RenewalInterval is { } interval && interval > TimeSpan.Zero)
            {
                await RunRenewingAsync(connectionId, session, interval, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await session.RunAsync(_engine, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _messenger.Unregister(connectionId);
            if (accepted)
            {
                await DisconnectAsync(connectionId).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes a socket the host refuses before the engine sees it (its credentials failed), with a reason cut to fit.</summary>
    /// <param name="socket">An open WebSocket.</param>
    /// <param name="status">The close status, e.g. 4401.</param>
    /// <param name="reason">The close description.</param>
    /// <returns>A task that completes when the close handshake is over or the socket was aborted.</returns>
    public async Task RefuseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        using var session = new WebSocketSession(socket, coalescing: null, writeDelay: null, _options, _timeProvider, _logger);
        await session.RefuseAsync(status, CloseReason.Fit(reason)).ConfigureAwait(false);
    }

    /// <summary>Stops the write delay's clock: sessions still open send without waiting from then on.</summary>
    public void Dispose() => _writeDelay?.Dispose();

    /// <summary>Runs the session while its registration is renewed at <paramref name="interval"/>.</summary>
    private async Task RunRenewingAsync(string connectionId, WebSocketSession session, TimeSpan interval, CancellationToken shutdown)
    {
        using var sessionOver = new CancellationTokenSource();
        var renewal = RenewWhileOpenAsync(connectionId, session, interval, sessionOver.Token);
        try
        {
            await session.RunAsync(_engine, shutdown).ConfigureAwait(false);
        }
        finally
        {
            await sessionOver.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Renews the connection's registration while the socket is open, so that a store whose records expire (DynamoDB's
    /// time to live) never leaves an open socket unregistered and out of its rooms' rosters. A connection the engine no
    /// longer knows is closed with 4410 so that its client reconnects.
    /// </summary>
    private async Task RenewWhileOpenAsync(string connectionId, WebSocketSession session, TimeSpan interval, CancellationToken sessionOver)
    {
        using var timer = new PeriodicTimer(interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(sessionOver).ConfigureAwait(false))
            {
                if (!await TryRenewAsync(connectionId, sessionOver).ConfigureAwait(false))
                {
                    Log.RegistrationLost(_logger, connectionId);
                    session.CloseUnregistered();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (sessionOver.IsCancellationRequested)
        {
            // The session is over.
        }
    }

    /// <returns>Whether the connection is still registered; a renewal that failed counts as still registered until the next try.</returns>
    private async Task<bool> TryRenewAsync(string connectionId, CancellationToken sessionOver)
    {
        try
        {
            return await _engine.RenewAsync(connectionId, sessionOver).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A store that cannot be reached now must not end the session; the next tick tries again.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.RenewalFailed(_logger, ex, connectionId);
            return true;
        }
    }

    private async Task<ConnectResult> ConnectAsync(string connectionId, ConnectionMetadata metadata, CancellationToken cancellationToken)
    {
        try
        {
            return await _engine.ConnectedAsync(connectionId, metadata, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An engine failure refuses this connection; it must not take down the host.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.EngineFailed(_logger, ex, connectionId);
            return new ConnectResult { Status = ConnectStatus.Unavailable, Reason = "The chat service failed; try again." };
        }
    }

    private async Task DisconnectAsync(string connectionId)
    {
        try
        {
            await _engine.DisconnectedAsync(connectionId, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed removal is logged; the session is over either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.EngineFailed(_logger, ex, connectionId);
        }
    }
}
