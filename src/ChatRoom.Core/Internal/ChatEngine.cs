using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>The engine: turns connect, frame and disconnect events into store calls, replies and broadcasts.</summary>
internal sealed class ChatEngine : IChatEngine
{
    private readonly IConnectionStore _connections;
    private readonly IConnectionMessenger _messenger;
    private readonly IChatAuthenticator _authenticator;
    private readonly IChatAuthorizer _authorizer;
    private readonly RoomAccess _roomAccess;
    private readonly RoomSequencer _sequencer;
    private readonly LocalRoomMembers _local;
    private readonly IChatBackplane? _backplane;
    private readonly Departures _departures;
    private readonly GoneConnections _gone;
    private readonly ConnectionRateLimiter _rateLimiter;
    private readonly TimeProvider _timeProvider;
    private readonly ChatRoomOptions _options;
    private readonly FrozenDictionary<string, IActionHandler> _handlers;
    private readonly ILogger _logger;

    public ChatEngine(
        IConnectionStore connections,
        IConnectionMessenger messenger,
        IChatAuthenticator authenticator,
        IChatAuthorizer authorizer,
        RoomAccess roomAccess,
        RoomSequencer sequencer,
        LocalRoomMembers local,
        Departures departures,
        GoneConnections gone,
        ConnectionRateLimiter rateLimiter,
        IEnumerable<IActionHandler> handlers,
        TimeProvider timeProvider,
        IOptions<ChatRoomOptions> options,
        ILogger<ChatEngine> logger,
        IChatBackplane? backplane = null)
    {
        _connections = connections;
        _messenger = messenger;
        _authenticator = authenticator;
        _authorizer = authorizer;
        _roomAccess = roomAccess;
        _sequencer = sequencer;
        _local = local;
        _backplane = backplane;
        _departures = departures;
        _gone = gone;
        _rateLimiter = rateLimiter;
        _timeProvider = timeProvider;
        _options = options.Value;
        _handlers = handlers.ToFrozenDictionary(handler => handler.Action, StringComparer.Ordinal);
        _logger = logger;
    }

    public async Task<ConnectResult> ConnectedAsync(string connectionId, ConnectionMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(metadata);

        var authentication = metadata.Identity is { } proven
            ? AuthenticationResult.Success(proven)
            : await _authenticator.AuthenticateAsync(metadata, cancellationToken).ConfigureAwait(false);
        var connection = authentication.IsFailure ? null : ToConnection(connectionId, authentication.Identity, metadata);
        if (connection is null)
        {
            var reason = authentication.FailureReason ?? "The credentials name an invalid user id or display name.";
            Log.ConnectRefused(_logger, connectionId, ConnectStatus.Unauthenticated, reason);
            return new ConnectResult { Status = ConnectStatus.Unauthenticated, Reason = reason };
        }

        var name = connection.Member.Name;
        var decision = await _authorizer.AuthorizeConnectAsync(connection, metadata, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            var status = decision.Status == AuthorizationStatus.Unauthenticated ? ConnectStatus.Unauthenticated : ConnectStatus.Forbidden;
            Log.ConnectRefused(_logger, connectionId, status, decision.Reason);
            return new ConnectResult { Status = status, Reason = decision.Reason };
        }

        try
        {
            await _connections.AddConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (_backplane is not null)
            {
                await _backplane.ConnectionOpenedAsync(connectionId, cancellationToken).ConfigureAwait(false);
            }

            await JoinDefaultRoomAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatStoreUnavailableException ex)
        {
            Log.ConnectFailed(_logger, ex, connectionId);
            await _departures.RemoveAsync(connectionId, CancellationToken.None).ConfigureAwait(false);
            return new ConnectResult { Status = ConnectStatus.Unavailable, Reason = "The chat store is unavailable; try again." };
        }

        Log.Connected(_logger, connectionId, name);
        return ConnectResult.Accepted;
    }

    public async Task FrameReceivedAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);

        // Parse first so that a rate_limited error can name the action and client message id,
        // but count every frame, malformed ones included, against the limit. Both are values, not exceptions.
        var parsed = InboundFrameParser.TryParse(utf8Frame.Span, out var frame, out var parseError);
        if (!_rateLimiter.TryAcquire(connectionId))
        {
            await RefuseAsync(connectionId, new ChatError(ChatErrorCodes.RateLimited, "You are sending too fast; slow down and try again."), frame).ConfigureAwait(false);
        }
        else if (!parsed)
        {
            await RefuseAsync(connectionId, parseError, frame).ConfigureAwait(false);
        }
        else if (!_handlers.TryGetValue(frame.Action!, out var handler))
        {
            await RefuseAsync(connectionId, new ChatError(ChatErrorCodes.UnknownAction, $"Unknown action '{frame.Action}'. Known actions: {string.Join(", ", _handlers.Keys.Order())}."), frame).ConfigureAwait(false);
        }
        else
        {
            await HandleAsync(connectionId, handler, frame, cancellationToken).ConfigureAwait(false);
        }

        await _departures.RemoveGoneAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(string connectionId, IActionHandler handler, InboundFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            ConnectionInfo? connection = null;
            if (handler.NeedsConnection && (connection = await LoadConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false)) is null)
            {
                await RefuseAsync(connectionId, FrameRules.NotRegistered(), frame).ConfigureAwait(false);
                return;
            }

            if (await handler.HandleAsync(new ActionContext(connectionId, connection, frame, _messenger, _gone, cancellationToken)).ConfigureAwait(false) is { } refused)
            {
                await RefuseAsync(connectionId, refused, frame).ConfigureAwait(false);
            }
        }
        catch (ChatStoreUnavailableException ex)
        {
            Log.StoreFailed(_logger, ex, connectionId, frame.Action);
            await SendErrorAsync(connectionId, Unavailable(frame), frame).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is closing the connection; nothing to answer.
        }
#pragma warning disable CA1031 // No input may take down the connection: anything unexpected becomes an error frame.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.UnexpectedError(_logger, ex, connectionId, frame.Action);
            await SendErrorAsync(connectionId, Unavailable(frame), frame).ConfigureAwait(false);
        }
    }

    public TimeSpan? RenewalInterval => _connections.ConnectionTimeToLive / 4;

    public Task<bool> RenewAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return _connections.RenewConnectionAsync(connectionId, cancellationToken);
    }

    public Task DisconnectedAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return _departures.RemoveAsync(connectionId, cancellationToken);
    }

    /// <summary>The connection as it will be registered: the identity's user id and name, or anonymous with the requested name.</summary>
    /// <returns>The connection, or <see langword="null"/> when an authenticator's identity breaks the user id or display-name rules.</returns>
    private ConnectionInfo? ToConnection(string connectionId, ChatIdentity? identity, ConnectionMetadata metadata)
    {
        var now = _timeProvider.GetUtcNow();
        if (identity is null)
        {
            // Anonymous: the client picks its name; the connection id stands in for the user id.
            var requested = DisplayName.FromRequest(metadata.QueryParameters.GetValueOrDefault("name"));
            return new ConnectionInfo { Member = new ChatMember { ConnectionId = connectionId, Name = requested, UserId = connectionId }, ConnectedAt = now };
        }

        if (!UserIds.IsValid(identity.UserId) || !DisplayName.IsValid(identity.Name))
        {
            return null;
        }

        // Signed in: the name comes from the credentials; a "name" query parameter is ignored.
        return new ConnectionInfo
        {
            Member = new ChatMember { ConnectionId = connectionId, Name = identity.Name, UserId = identity.UserId, IsAuthenticated = true },
            ConnectedAt = now,
            GrantedRooms = [.. identity.GrantedRooms.Where(RoomName.IsValid).Distinct(StringComparer.Ordinal)],
        };
    }

    private async Task<ConnectionInfo?> LoadConnectionAsync(string connectionId, CancellationToken cancellationToken)
    {
        var connection = await _connections.GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            Log.UnknownConnection(_logger, connectionId);
        }

        return connection;
    }

    private async Task JoinDefaultRoomAsync(ConnectionInfo connection, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.DefaultRoom))
        {
            return;
        }

        var room = _options.DefaultRoom;
        var decision = await _roomAccess.AuthorizeJoinAsync(connection, room, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            Log.JoinRefused(_logger, connection.ConnectionId, room, decision.Reason);
            return;
        }

        // No reply to the new connection: on API Gateway it cannot receive frames until its connect completes.
        Task announced;
        using (var turn = await _sequencer.EnterAsync(room, cancellationToken).ConfigureAwait(false))
        {
            if (await _connections.JoinRoomAsync(room, connection, _options.MaxRoomsPerConnection, cancellationToken).ConfigureAwait(false) != RoomJoinResult.Joined)
            {
                return;
            }

            await _local.AddAsync(room, connection.ConnectionId, holdUntilJoined: false, cancellationToken).ConfigureAwait(false);

            announced = turn.QueueAsync(FrameSerializer.Presence(room, "joined", connection.Member), connection.ConnectionId);
        }

        await announced.ConfigureAwait(false);
        await _departures.RemoveGoneAsync().ConfigureAwait(false);
    }

    /// <summary>Answers a frame the client got wrong (logged at the client-error level) with an <c>error</c> frame.</summary>
    private Task RefuseAsync(string connectionId, ChatError error, InboundFrame frame)
    {
        Log.ClientError(_logger, connectionId, frame.Action, error.Code);
        return SendErrorAsync(connectionId, error, frame);
    }

    private async Task SendErrorAsync(string connectionId, ChatError error, InboundFrame frame)
    {
        var bytes = FrameSerializer.Error(error, frame.Action, frame.ClientMessageId);
        if (await _messenger.SendAsync(connectionId, bytes, CancellationToken.None).ConfigureAwait(false) == DeliveryResult.Gone)
        {
            _gone.Report(connectionId);
        }
    }

    private static ChatError Unavailable(InboundFrame frame) => new(
        ChatErrorCodes.Unavailable,
        frame.Action == "sendmessage"
            ? "The message could not be stored and was not sent; resend it with the same clientMessageId."
            : "The chat store is unavailable; try again.");
}
