using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using ChatRoom.Client.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatRoom.Client;

/// <summary>
/// A connection to a ChatRoom server that joins rooms, sends with acknowledgements, reconnects, and hands each room's
/// messages to the application exactly once, in increasing seq (the client algorithm in docs/client.md).
/// </summary>
/// <remarks>
/// Thread-safe: every method may be called from any thread. Events are raised, and queued for
/// <see cref="ReadEventsAsync"/>, on one background loop in delivery order; a slow handler delays later events but
/// never the socket. Start with <see cref="StartAsync"/>, end with <see cref="StopAsync"/> or <see cref="DisposeAsync"/>.
/// </remarks>
public sealed class ChatClient : IAsyncDisposable
{
    private const int FillLimit = 100;
    private const int PolicyViolation = 1008;
    private const int Unauthenticated = 4401;

    private readonly Lock _gate = new();
    private readonly ChatClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ClientRoom> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingSend> _sends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _leaves = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ownConnectionIds = new(StringComparer.Ordinal);
    private readonly Queue<ClientRoom> _joinQueue = new();
    private readonly List<ServerFrame> _handOver = [];
    private readonly Channel<ChatEvent> _dispatch = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<ChatEvent> _events = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _dispatcher;
    private readonly ITimer _keepAlive;
    private readonly ITimer _joinTimer;
    private ClientConnection? _connection;
    private Task _receiving = Task.CompletedTask;
    private ClientRoom? _joinInFlight;
    private ChatConnectionState _state;
    private string? _connectionId;
    private long _lastSent;
    private bool _started;
    private Task? _stop;

    /// <summary>Initializes a new instance of the <see cref="ChatClient"/> class; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings; <see cref="ChatClientOptions.Url"/> is required.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ChatClient(ChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.TimeProvider;
        _logger = options.LoggerFactory?.CreateLogger<ChatClient>() ?? NullLogger<ChatClient>.Instance;
        _keepAlive = CreateTimer(OnKeepAlive);
        _joinTimer = CreateTimer(OnJoinTimeout);
        _dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>Raised for each message, exactly once per seq per room, in increasing seq.</summary>
    public event Action<ChatMessageEvent>? MessageReceived;

    /// <summary>Raised when a member joins or leaves a room the client is in.</summary>
    public event Action<ChatPresenceEvent>? PresenceChanged;

    /// <summary>Raised when a member types in a room the client is in.</summary>
    public event Action<ChatTypingEvent>? TypingReceived;

    /// <summary>Raised when the connection's state changes.</summary>
    public event Action<ChatConnectionStateEvent>? StateChanged;

    /// <summary>Gets the connection's state.</summary>
    public ChatConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets the current connection's id, as the server named it in the latest <c>joined</c> reply; null before one.</summary>
    public string? ConnectionId
    {
        get
        {
            lock (_gate)
            {
                return _connectionId;
            }
        }
    }

    /// <summary>Opens the connection. Later losses reconnect by themselves; this first attempt does not retry.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A task that completes when the socket is open.</returns>
    /// <exception cref="ChatClientException">The server refused the upgrade with HTTP 401 (<see cref="ChatClientException.Unauthenticated"/>).</exception>
    /// <exception cref="WebSocketException">The server could not be reached or refused the upgrade.</exception>
    /// <exception cref="InvalidOperationException">The client was already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop is not null, this);
            if (_started)
            {
                throw new InvalidOperationException("The client was already started.");
            }

            _started = true;
            SetState(ChatConnectionState.Connecting);
        }

        ClientConnection connection;
        try
        {
            connection = await ClientConnection.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                SetState(ChatConnectionState.Disconnected, ex);
            }

            throw;
        }

        var attached = await AttachUnlessStoppedAsync(connection).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(!attached, this);
    }

    /// <summary>Joins a room, or resumes one after <paramref name="since"/>; the room stays joined across reconnects until <see cref="LeaveAsync"/>.</summary>
    /// <param name="room">The room's name.</param>
    /// <param name="since">The last seq the application already has: only later messages are handed over. Null for the room's latest messages.</param>
    /// <param name="cancellationToken">Stops waiting for the reply (the join itself still goes ahead).</param>
    /// <returns>Who is in the room. The reply's messages are handed over as events, before any later message.</returns>
    /// <exception cref="ChatClientException">The server refused the join (<c>forbidden</c>, <c>invalid_room</c>, <c>too_many_rooms</c>, …) or the connection.</exception>
    public Task<ChatJoinResult> JoinAsync(string room, long? since = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        if (since < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(since), since, "since must be 0 or more.");
        }

        lock (_gate)
        {
            ThrowIfNotRunning();
            if (!_rooms.TryGetValue(room, out var joined))
            {
                joined = new ClientRoom(room, since);
                _rooms.Add(room, joined);
                _joinQueue.Enqueue(joined);
                PumpJoins();
            }

            return joined.Joined.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Leaves a room: its pending sends fail, and nothing more of it is handed over.</summary>
    /// <param name="room">The room's name.</param>
    /// <param name="cancellationToken">Stops waiting for the server's <c>left</c> reply.</param>
    /// <returns>A task that completes when the server confirmed, or after <see cref="ChatClientOptions.AckTimeout"/> without an answer.</returns>
    public async Task LeaveAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        TaskCompletionSource left;
        lock (_gate)
        {
            if (!_rooms.Remove(room, out var leaving))
            {
                return;
            }

            var refusal = new ChatClientException(ChatClientException.Closed, $"The client left room {room}.");
            leaving.Joined.TrySetException(refusal);
            FailSends(s => s.Room == room, refusal);
            leaving.Dispose();
            if (_connection is null || !leaving.Ready)
            {
                return;
            }

            left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _leaves[room] = left;
            Send(new ClientFrame { Action = "leave", Room = room });
        }

        try
        {
            // A lost reply must not hold the caller: closing the socket removes the membership anyway.
            await left.Task.WaitAsync(_options.AckTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Sends a message with a new client message id, and resends it with the same id until it is acknowledged.</summary>
    /// <param name="room">A room joined with <see cref="JoinAsync"/>; the send waits for its <c>joined</c> reply.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Stops resending and waiting (a copy already sent may still be stored).</param>
    /// <returns>The acknowledgement: the stored message with its seq. It is also handed over as an event, in order.</returns>
    /// <exception cref="ChatClientException">The server refused it (e.g. <c>invalid_text</c>, <c>rate_limited</c>), or the client left the room or stopped.</exception>
    /// <exception cref="InvalidOperationException">The room was not joined.</exception>
    public async Task<ChatMessageEvent> SendAsync(string room, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentNullException.ThrowIfNull(text);
        PendingSend send;
        lock (_gate)
        {
            ThrowIfNotRunning();
            if (!_rooms.ContainsKey(room))
            {
                throw new InvalidOperationException($"Join room {room} before sending to it.");
            }

            send = new PendingSend(room, text, ClientMessageIds.New());
            send.Timer = CreateTimer(() => Transmit(send));
            _sends.Add(send.ClientMessageId, send);
            Transmit(send);
        }

        using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (_sends.Remove(send.ClientMessageId))
                {
                    send.Dispose();
                    send.Acknowledged.TrySetCanceled(cancellationToken);
                }
            }
        });
        return await send.Acknowledged.Task.ConfigureAwait(false);
    }

    /// <summary>Tells a room's other members that this client is typing (not stored, not resent).</summary>
    /// <param name="room">A joined room.</param>
    /// <param name="cancellationToken">Unused: the frame is queued at once.</param>
    /// <returns>A completed task.</returns>
    public Task SendTypingAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_rooms.TryGetValue(room, out var joined) && joined.Ready)
            {
                Send(new ClientFrame { Action = "typing", Room = room });
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Reads the events handed to the application, in delivery order, until the client stops.</summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>Messages (exactly once per seq per room, in increasing seq), presence, typing and connection-state changes.</returns>
    /// <remarks>One reader at a time; events are queued from the start, so reading late loses none.</remarks>
    public async IAsyncEnumerable<ChatEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_options.EnableEventStream)
        {
            throw new InvalidOperationException("ChatClientOptions.EnableEventStream is false.");
        }

        await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <summary>Closes the connection and stops reconnecting; pending joins and sends fail with <see cref="ChatClientException.Closed"/>.</summary>
    /// <param name="cancellationToken">Stops waiting for the close handshake.</param>
    /// <returns>A task that completes when the socket is closed and every event was dispatched.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _stop ??= StopCoreAsync();
            return _stop.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops the client (as <see cref="StopAsync"/>) and releases its timers.</summary>
    /// <returns>A task that completes when the client stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _keepAlive.Dispose();
        _joinTimer.Dispose();
        _stopping.Dispose();
    }

    private async Task StopCoreAsync()
    {
        ClientConnection? connection;
        Task receiving;
        lock (_gate)
        {
            _stopping.Cancel();
            connection = _connection;
            receiving = _receiving;
            _connection = null;
            FailAll(new ChatClientException(ChatClientException.Closed, "The client stopped."));
            SetState(ChatConnectionState.Disconnected);
            _dispatch.Writer.TryComplete();
        }

        if (connection is not null)
        {
            await connection.CloseAsync().ConfigureAwait(false);
            await receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        await _dispatcher.ConfigureAwait(false);
    }

    private void Attach(ClientConnection connection)
    {
        _connection = connection;
        _lastSent = _time.GetTimestamp();
        _keepAlive.Change(_options.KeepAliveInterval, Timeout.InfiniteTimeSpan);
        Log.Connected(_logger, _options.Url!);
        SetState(ChatConnectionState.Connected);
        _receiving = Task.Run(() => ReceiveAsync(connection));
        _joinQueue.Clear();
        foreach (var room in _rooms.Values)
        {
            _joinQueue.Enqueue(room);
        }

        PumpJoins();
    }

    private async Task ReceiveAsync(ClientConnection connection)
    {
        var (status, description, error) = await connection.ReceiveAsync(frame => OnFrame(connection, frame)).ConfigureAwait(false);
        bool reconnect;
        lock (_gate)
        {
            if (connection != _connection)
            {
                return;
            }

            _connection = null;
            _joinInFlight = null;
            _joinTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _keepAlive.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            foreach (var room in _rooms.Values)
            {
                room.Ready = false;
                room.FillInFlight = false;
            }

            CompleteLeaves();
            var code = (int?)status;
            if (code is Unauthenticated or PolicyViolation)
            {
                var refusal = new ChatClientException(
                    code == Unauthenticated ? ChatClientException.Unauthenticated : ChatClientException.Refused,
                    string.IsNullOrEmpty(description) ? $"The server closed the connection with {code}." : description);
                Log.ConnectionRefused(_logger, refusal.Code, refusal.Message);
                FailAll(refusal);
                SetState(ChatConnectionState.Disconnected, refusal);
                reconnect = false;
            }
            else
            {
                Log.ConnectionLost(_logger, code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", description, error);
                SetState(ChatConnectionState.Reconnecting, error);
                reconnect = true;
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        if (reconnect)
        {
            await ReconnectAsync().ConfigureAwait(false);
        }
    }

    private async Task ReconnectAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            ClientConnection connection;
            try
            {
                await Task.Delay(Backoff.Delay(attempt, _options.ReconnectDelay, _options.MaxReconnectDelay), _time, _stopping.Token).ConfigureAwait(false);
                connection = await ClientConnection.ConnectAsync(_options, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ChatClientException ex)
            {
                lock (_gate)
                {
                    Log.ConnectionRefused(_logger, ex.Code, ex.Message);
                    FailAll(ex);
                    SetState(ChatConnectionState.Disconnected, ex);
                }

                return;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or OperationCanceledException)
            {
                Log.ReconnectFailed(_logger, attempt + 1, ex);
                continue;
            }

            await AttachUnlessStoppedAsync(connection).ConfigureAwait(false);
            return;
        }
    }

    /// <summary>Makes a new socket the client's connection, or closes it when the client was stopped meanwhile.</summary>
    /// <returns>Whether it was attached.</returns>
    private async Task<bool> AttachUnlessStoppedAsync(ClientConnection connection)
    {
        lock (_gate)
        {
            if (_stop is null)
            {
                Attach(connection);
                return true;
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return false;
    }

    private void OnFrame(ClientConnection connection, ReadOnlyMemory<byte> bytes)
    {
        ServerFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(bytes.Span, ClientJsonContext.Default.ServerFrame);
        }
        catch (JsonException ex)
        {
            Log.BadFrame(_logger, ex);
            return;
        }

        if (frame is null)
        {
            return;
        }

        lock (_gate)
        {
            if (connection != _connection)
            {
                return;
            }

            switch (frame.Type)
            {
                case "message":
                    OnMessage(frame);
                    break;
                case "joined":
                    OnJoined(frame);
                    break;
                case "history":
                    OnHistory(frame);
                    break;
                case "presence" when Joined(frame.Room) && frame.Member is not null:
                    Emit(new ChatPresenceEvent { Room = frame.Room, Event = frame.Event ?? string.Empty, Member = frame.Member.ToMember() });
                    break;
                case "typing" when Joined(frame.Room) && frame.Member is not null:
                    Emit(new ChatTypingEvent { Room = frame.Room, Member = frame.Member.ToMember() });
                    break;
                case "left" when frame.Room is not null && _leaves.Remove(frame.Room, out var left):
                    left.TrySetResult();
                    break;
                case "error":
                    OnError(frame);
                    break;
            }
        }
    }

    private void OnMessage(ServerFrame frame)
    {
        if (frame.Room is null || !_rooms.TryGetValue(frame.Room, out var room))
        {
            return;
        }

        // The acknowledgement: our own id on an event one of our own connections sent (a resend after a reconnect
        // comes back with the connection that stored it).
        if (frame.ClientMessageId is { } id && frame.Seq is not null && _sends.TryGetValue(id, out var send) && send.Room == room.Name
            && frame.Sender?.ConnectionId is { } sender && _ownConnectionIds.Contains(sender))
        {
            _sends.Remove(id);
            send.Dispose();
            send.Acknowledged.TrySetResult(frame.ToMessage());
        }

        _handOver.Clear();
        room.Order.OnLive(frame, _handOver);
        HandOver();
        if (room.Order.Delivered is not null)
        {
            ArmQuiet(room);
        }

        UpdateGapTimer(room);
    }

    private void OnJoined(ServerFrame frame)
    {
        if (frame.Room is null || !_rooms.TryGetValue(frame.Room, out var room))
        {
            return;
        }

        if (_joinInFlight == room)
        {
            _joinInFlight = null;
            _joinTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        room.Ready = true;
        room.JoinAttempts = 0;
        var you = frame.You.ToMember();
        if (frame.You?.ConnectionId is { } connectionId)
        {
            _ownConnectionIds.Add(connectionId);
            _connectionId = connectionId;
        }

        _handOver.Clear();
        var pageOn = room.Order.OnJoined(frame.Messages ?? [], frame.From, frame.To, frame.HasMore ?? false, room.JoinedWithSince, _handOver);
        HandOver();
        room.Joined.TrySetResult(new ChatJoinResult
        {
            Room = room.Name,
            You = you,
            Members = (frame.Members ?? []).Select(static member => member.ToMember()).ToArray(),
            MoreMembers = frame.MoreMembers ?? false,
        });

        if (pageOn)
        {
            StartFill(room);
        }
        else
        {
            UpdateGapTimer(room);
        }

        if (room.JoinedWithSince)
        {
            // Messages stored by invocations still in flight during the rejoin may be in neither the reply nor live.
            ArmQuiet(room);
        }

        foreach (var send in _sends.Values.Where(s => s.Room == room.Name).ToArray())
        {
            Transmit(send);
        }

        PumpJoins();
    }

    private void OnHistory(ServerFrame frame)
    {
        if (frame.Room is null || !_rooms.TryGetValue(frame.Room, out var room))
        {
            return;
        }

        room.FillInFlight = false;
        room.FillTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _handOver.Clear();
        var again = room.Order.OnHistory(frame.Messages ?? [], frame.From, frame.To, frame.HasMore ?? false, _handOver);
        HandOver();
        if (again)
        {
            StartFill(room);
        }
        else
        {
            UpdateGapTimer(room);
        }
    }

    private void OnError(ServerFrame frame)
    {
        var code = frame.Code ?? "error";
        var message = frame.Message ?? "The server refused the request.";
        if (frame.ClientMessageId is { } id && _sends.TryGetValue(id, out var send))
        {
            if (code == "unavailable")
            {
                send.Timer!.Change(Backoff.Delay(send.Unavailable++, _options.ReconnectDelay, _options.MaxReconnectDelay), Timeout.InfiniteTimeSpan);
            }
            else
            {
                _sends.Remove(id);
                send.Dispose();
                send.Acknowledged.TrySetException(new ChatClientException(code, message));
            }

            return;
        }

        switch (frame.Action)
        {
            case "join" when _joinInFlight is { } room:
                _joinInFlight = null;
                _joinTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                if (code is "rate_limited" or "unavailable")
                {
                    Log.JoinRetry(_logger, room.Name, code);
                    room.RetryTimer ??= CreateTimer(() => Rejoin(room));
                    room.RetryTimer.Change(Backoff.Delay(room.JoinAttempts++, _options.ReconnectDelay, _options.MaxReconnectDelay), Timeout.InfiniteTimeSpan);
                }
                else
                {
                    Log.JoinRefused(_logger, room.Name, code);
                    var refusal = new ChatClientException(code, message);
                    _rooms.Remove(room.Name);
                    room.Joined.TrySetException(refusal);
                    FailSends(s => s.Room == room.Name, refusal);
                    room.Dispose();
                }

                PumpJoins();
                break;
            case "history":
                // An error does not name its room: every fill in flight waits for its gap timer and asks again.
                foreach (var room in _rooms.Values.Where(r => r.FillInFlight))
                {
                    room.FillInFlight = false;
                    room.FillTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    UpdateGapTimer(room);
                }

                break;
            case "leave":
                CompleteLeaves();
                break;
        }
    }

    private void Rejoin(ClientRoom room)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(room.Name, out var current) && current == room && !room.Ready)
            {
                _joinQueue.Enqueue(room);
                PumpJoins();
            }
        }
    }

    private void PumpJoins()
    {
        if (_joinInFlight is not null || _connection is null)
        {
            return;
        }

        while (_joinQueue.TryDequeue(out var room))
        {
            if (_rooms.TryGetValue(room.Name, out var current) && current == room && !room.Ready)
            {
                SendJoin(room);
                return;
            }
        }
    }

    private void SendJoin(ClientRoom room)
    {
        var since = room.Order.Delivered;
        room.JoinedWithSince = since is not null;
        _joinInFlight = room;

        // On API Gateway a reply can be lost (a failed @connections post): ask again rather than wait for ever.
        _joinTimer.Change(_options.AckTimeout, Timeout.InfiniteTimeSpan);
        Send(new ClientFrame { Action = "join", Room = room.Name, Since = since });
    }

    private void OnJoinTimeout()
    {
        lock (_gate)
        {
            if (_joinInFlight is { } room && _connection is not null)
            {
                SendJoin(room);
            }
        }
    }

    private void Transmit(PendingSend send)
    {
        lock (_gate)
        {
            if (!_sends.ContainsKey(send.ClientMessageId))
            {
                return;
            }

            if (_connection is null || !_rooms.TryGetValue(send.Room, out var room) || !room.Ready)
            {
                // The rejoin sends it again.
                send.Timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            if (send.Attempts++ > 0)
            {
                Log.Resend(_logger, send.ClientMessageId, send.Room, send.Attempts);
            }

            // Armed before the frame leaves, so that an acknowledgement can never race ahead of its own timeout.
            send.Timer!.Change(_options.AckTimeout, Timeout.InfiniteTimeSpan);
            Send(new ClientFrame { Action = "sendmessage", Room = send.Room, Text = send.Text, ClientMessageId = send.ClientMessageId });
        }
    }

    private void StartFill(ClientRoom room)
    {
        if (room.FillInFlight || !room.Ready || _connection is null || room.Order.Delivered is not { } after)
        {
            return;
        }

        Log.Fill(_logger, room.Name, after);
        room.FillInFlight = true;
        if (room.GapTimerRunning)
        {
            room.GapTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            room.GapTimerRunning = false;
        }

        // A lost reply (API Gateway) would otherwise hold the room's fills for ever.
        room.FillTimer ??= CreateTimer(() => OnFillTimeout(room));
        room.FillTimer.Change(_options.AckTimeout, Timeout.InfiniteTimeSpan);
        Send(new ClientFrame { Action = "history", Room = room.Name, After = after, Limit = FillLimit });
    }

    private void OnFillTimeout(ClientRoom room)
    {
        lock (_gate)
        {
            if (room.FillInFlight && _rooms.TryGetValue(room.Name, out var current) && current == room)
            {
                room.FillInFlight = false;
                StartFill(room);
            }
        }
    }

    private void UpdateGapTimer(ClientRoom room)
    {
        if (room.Order.HasGap)
        {
            if (!room.GapTimerRunning && !room.FillInFlight)
            {
                room.GapTimer ??= CreateTimer(() => OnGapTimer(room));
                room.GapTimer.Change(_options.GapTimeout, Timeout.InfiniteTimeSpan);
                room.GapTimerRunning = true;
            }
        }
        else if (room.GapTimerRunning)
        {
            room.GapTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            room.GapTimerRunning = false;
        }
    }

    private void OnGapTimer(ClientRoom room)
    {
        lock (_gate)
        {
            room.GapTimerRunning = false;
            if (room.Order.HasGap && _rooms.TryGetValue(room.Name, out var current) && current == room)
            {
                StartFill(room);
            }
        }
    }

    private void ArmQuiet(ClientRoom room)
    {
        if (_options.SyncDelay == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        room.QuietTimer ??= CreateTimer(() => OnQuiet(room));
        room.QuietTimer.Change(Backoff.Jitter(_options.SyncDelay), Timeout.InfiniteTimeSpan);
    }

    private void OnQuiet(ClientRoom room)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(room.Name, out var current) && current == room)
            {
                StartFill(room);
            }
        }
    }

    private void OnKeepAlive()
    {
        lock (_gate)
        {
            if (_connection is null)
            {
                return;
            }

            if (_time.GetElapsedTime(_lastSent) >= _options.KeepAliveInterval)
            {
                Send(new ClientFrame { Action = "ping" });
            }

            var due = _options.KeepAliveInterval - _time.GetElapsedTime(_lastSent);
            _keepAlive.Change(due > TimeSpan.Zero ? due : _options.KeepAliveInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void Send(ClientFrame frame)
    {
        if (_connection?.TrySend(JsonSerializer.SerializeToUtf8Bytes(frame, ClientJsonContext.Default.ClientFrame)) == true)
        {
            _lastSent = _time.GetTimestamp();
        }
    }

    private void HandOver()
    {
        foreach (var message in _handOver)
        {
            Emit(message.ToMessage());
        }

        _handOver.Clear();
    }

    private void SetState(ChatConnectionState state, Exception? error = null)
    {
        if (_state == state && error is null)
        {
            return;
        }

        _state = state;
        Emit(new ChatConnectionStateEvent { State = state, Error = error });
    }

    private void Emit(ChatEvent e) => _dispatch.Writer.TryWrite(e);

    private async Task DispatchAsync()
    {
        await foreach (var e in _dispatch.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                switch (e)
                {
                    case ChatMessageEvent message:
                        MessageReceived?.Invoke(message);
                        break;
                    case ChatPresenceEvent presence:
                        PresenceChanged?.Invoke(presence);
                        break;
                    case ChatTypingEvent typing:
                        TypingReceived?.Invoke(typing);
                        break;
                    case ChatConnectionStateEvent state:
                        StateChanged?.Invoke(state);
                        break;
                }
            }
#pragma warning disable CA1031 // An application's handler must not stop the delivery of later events.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.HandlerFailed(_logger, ex);
            }

            if (_options.EnableEventStream)
            {
                _events.Writer.TryWrite(e);
            }
        }

        _events.Writer.TryComplete();
    }

    private void FailAll(ChatClientException error)
    {
        FailSends(_ => true, error);
        foreach (var room in _rooms.Values)
        {
            room.Joined.TrySetException(error);
            room.Dispose();
        }

        _rooms.Clear();
        _joinQueue.Clear();
        _joinInFlight = null;
        CompleteLeaves();
    }

    private void FailSends(Func<PendingSend, bool> which, ChatClientException error)
    {
        foreach (var send in _sends.Values.Where(which).ToArray())
        {
            _sends.Remove(send.ClientMessageId);
            send.Dispose();
            send.Acknowledged.TrySetException(error);
        }
    }

    private void CompleteLeaves()
    {
        foreach (var left in _leaves.Values)
        {
            left.TrySetResult();
        }

        _leaves.Clear();
    }

    private bool Joined(string? room) => room is not null && _rooms.ContainsKey(room);

    private void ThrowIfNotRunning()
    {
        ObjectDisposedException.ThrowIf(_stop is not null, this);
        if (!_started)
        {
            throw new InvalidOperationException("Call StartAsync first.");
        }
    }

    private ITimer CreateTimer(Action callback) =>
        _time.CreateTimer(static state => ((Action)state!)(), callback, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
}
