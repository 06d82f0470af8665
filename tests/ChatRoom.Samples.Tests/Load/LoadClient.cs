using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.Load;

/// <summary>
/// A protocol client for load tests: one receive loop reads every frame as it arrives (so the server never sees a slow
/// consumer), records the room's <c>message</c> events and hands replies (<c>joined</c>, <c>history</c>, <c>error</c>,
/// <c>pong</c>) to the test.
/// </summary>
/// <remarks>
/// Messages are checked as they arrive against the scenario's naming (<see cref="LoadScenario.TextOf"/>): the text and
/// sender name must match the <c>clientMessageId</c>, and the client's own messages must carry its connection id. The
/// received seqs and ids are read only after <see cref="AllReceived"/> completed.
/// </remarks>
public sealed class LoadClient : IAsyncDisposable
{
    private const int MaxProblems = 20;

    private readonly ClientWebSocket _socket;
    private readonly int _expectedMessages;
    private readonly Channel<JsonElement> _replies = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<long> _seqs;
    private readonly List<string> _clientMessageIds;
    private readonly List<string> _problems = [];
    private Task _receiveLoop = Task.CompletedTask;
    private int _received;
    private int _ownAcknowledged;
    private volatile string? _connectionId;
    private volatile string? _ended;

    private LoadClient(ClientWebSocket socket, string name, string room, int expectedMessages)
    {
        _socket = socket;
        Name = name;
        Room = room;
        _expectedMessages = expectedMessages;
        _seqs = new List<long>(expectedMessages);
        _clientMessageIds = new List<string>(expectedMessages);
    }

    public string Name { get; }

    public string Room { get; }

    /// <summary>Gets the connection id from the <c>joined</c> reply.</summary>
    public string? ConnectionId => _connectionId;

    /// <summary>Gets how many <c>message</c> events of <see cref="Room"/> arrived so far.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Gets how many of this client's own messages came back with its connection id (its acknowledgements).</summary>
    public int OwnAcknowledged => Volatile.Read(ref _ownAcknowledged);

    /// <summary>Gets why the receive loop ended (a close frame or an error), or <see langword="null"/> while it runs.</summary>
    public string? Ended => _ended;

    /// <summary>Completes when the expected number of messages arrived; fails when the socket closes first.</summary>
    public Task AllReceived => _allReceived.Task;

    /// <summary>Gets the received seqs in arrival order (read after <see cref="AllReceived"/>).</summary>
    public IReadOnlyList<long> Seqs => _seqs;

    /// <summary>Gets the received client message ids in arrival order (read after <see cref="AllReceived"/>).</summary>
    public IReadOnlyList<string> ClientMessageIds => _clientMessageIds;

    /// <summary>Gets what was wrong with received frames (wrong text, sender, room; errors), at most 20.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Connects and starts the receive loop.</summary>
    /// <param name="host">The host.</param>
    /// <param name="name">The display name.</param>
    /// <param name="room">The room this client will join and count messages of.</param>
    /// <param name="expectedMessages">How many messages of the room complete <see cref="AllReceived"/>.</param>
    /// <param name="cancellationToken">The test's deadline.</param>
    public static async Task<LoadClient> ConnectAsync(IChatHost host, string name, string room, int expectedMessages, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(host.ChatUri(name), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new LoadClient(socket, name, room, expectedMessages);
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        return client;
    }

    public Task SendAsync(object frame, CancellationToken cancellationToken) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Reads the next reply (not a message, presence or typing event), which must have type <paramref name="type"/>.</summary>
    /// <exception cref="InvalidOperationException">Another reply came (e.g. an error), or the socket closed.</exception>
    public async Task<JsonElement> ReceiveReplyAsync(string type, CancellationToken cancellationToken)
    {
        JsonElement reply;
        try
        {
            reply = await _replies.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{Name}: the socket ended ({Ended}) while waiting for '{type}'.");
        }

        return reply.Type() == type ? reply : throw new InvalidOperationException($"{Name}: expected '{type}', got {reply.GetRawText()}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Load test over", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server may be gone already; the socket is disposed either way.
            }
        }

        _socket.Abort();
        await _receiveLoop;
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    End($"closed by the server with {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}");
                    return;
                }

                Dispatch(buffer.WrittenMemory);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            End($"receive failed: {ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            End($"a frame could not be read: {ex}");
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var frame = document.RootElement;
        switch (frame.Type())
        {
            case "message":
                Record(frame);
                break;
            case "presence" or "typing":
                break;
            case "error":
                Problem($"error frame: {frame.GetRawText()}");
                _replies.Writer.TryWrite(frame.Clone());
                break;
            default:
                if (frame.Type() == "joined" && frame.GetProperty("room").GetString() == Room)
                {
                    _connectionId = frame.GetProperty("you").StringOf("connectionId");
                }

                _replies.Writer.TryWrite(frame.Clone());
                break;
        }
    }

    private void Record(JsonElement message)
    {
        var clientMessageId = message.StringOf("clientMessageId") ?? string.Empty;
        var (senderName, _) = LoadScenario.ParseClientMessageId(clientMessageId);
        if (message.StringOf("room") != Room)
        {
            Problem($"a message of another room: {message.GetRawText()}");
            return;
        }

        if (message.StringOf("text") != LoadScenario.TextOf(clientMessageId) || message.SenderName() != senderName)
        {
            Problem($"text or sender does not match the clientMessageId: {message.GetRawText()}");
        }

        if (senderName == Name)
        {
            if (message.GetProperty("sender").StringOf("connectionId") == _connectionId)
            {
                Interlocked.Increment(ref _ownAcknowledged);
            }
            else
            {
                Problem($"own message with another connection id: {message.GetRawText()}");
            }
        }

        _seqs.Add(message.Seq());
        _clientMessageIds.Add(clientMessageId);
        if (Interlocked.Increment(ref _received) == _expectedMessages)
        {
            _allReceived.TrySetResult();
        }
    }

    private void Problem(string problem)
    {
        lock (_problems)
        {
            if (_problems.Count < MaxProblems)
            {
                _problems.Add(problem);
            }
        }
    }

    private void End(string reason)
    {
        _ended = reason;
        _replies.Writer.TryComplete();
        _allReceived.TrySetException(new InvalidOperationException($"{Name}: the socket ended after {Received} of {_expectedMessages} messages: {reason}."));
    }
}
