using System.Net.WebSockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using ChatRoom.AspNetCore;
using ChatRoom.AspNetCore.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatRoom.Benchmarks;

/// <summary>
/// One <c>sendmessage</c> through the engine and the in-process WebSocket host, until every member's socket has been
/// handed the frame: the same path as <see cref="BroadcastBenchmarks"/> plus each session's queue and writer loop.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class WebSocketHostBenchmarks
{
    private readonly byte[] _frame = Encoding.UTF8.GetBytes("{\"action\":\"sendmessage\",\"room\":\"general\",\"text\":\"" + new string('x', 100) + "\"}");
    private readonly Countdown _countdown = new();
    private readonly List<NoOpSocket> _sockets = [];
    private readonly List<Task> _sessions = [];
    private ServiceProvider _services = null!;
    private IChatEngine _engine = null!;
    private string _sender = null!;

    [Params(10, 1_000, 10_000)]
    public int RoomSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddChatRoom(o =>
        {
            // No automatic join: joining 10,000 members one by one would send ~50 million presence frames first.
            o.DefaultRoom = string.Empty;
            o.RateLimitPerSecond = 1_000_000;
            o.RateLimitBurst = 1_000_000;
        }).AddInMemory();
        var authorizer = new RecordingAuthorizer();
        services.AddSingleton<IChatAuthorizer>(authorizer);
        _services = services.BuildServiceProvider();
        _engine = _services.GetRequiredService<IChatEngine>();
        var host = new WebSocketChatHost(
            _engine,
            _services.GetRequiredService<InProcessMessenger>(),
            new WebSocketHostOptions(),
            TimeProvider.System,
            NullLogger<WebSocketChatHost>.Instance);
        var store = _services.GetRequiredService<IConnectionStore>();
        for (var i = 0; i < RoomSize; i++)
        {
            var socket = new NoOpSocket(_countdown);
            _sockets.Add(socket);
            _sessions.Add(Task.Run(() => host.RunAsync(socket, ConnectionMetadata.Empty, coalescing: null)));
        }

        while (authorizer.Connections.Count < RoomSize)
        {
            Thread.Sleep(10);
        }

        // Sessions are registered before the engine is asked; give the last ones a moment to be stored too.
        Thread.Sleep(200);
        foreach (var connection in authorizer.Connections)
        {
            store.JoinRoomAsync("general", connection, maxRooms: 16).GetAwaiter().GetResult();
        }

        _sender = authorizer.Connections.First().ConnectionId;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var socket in _sockets)
        {
            socket.Close();
        }

        Task.WaitAll([.. _sessions], TimeSpan.FromSeconds(30));
        _services.Dispose();
    }

    [Benchmark]
    public async Task SendMessage()
    {
        var delivered = _countdown.Arm(RoomSize);
        await _engine.FrameReceivedAsync(_sender, _frame);
        await delivered;
    }

    /// <summary>Allows everyone and remembers who connected.</summary>
    private sealed class RecordingAuthorizer : IChatAuthorizer
    {
        public System.Collections.Concurrent.ConcurrentQueue<ConnectionInfo> Connections { get; } = new();

        public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default)
        {
            Connections.Enqueue(connection);
            return ValueTask.FromResult(AuthorizationDecision.Allow);
        }

        public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Allow);
    }

    /// <summary>Completes when the armed number of message frames have been sent.</summary>
    private sealed class Countdown
    {
        private int _remaining;
        private TaskCompletionSource _done = new();

        public Task Arm(int count)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, count);
            return _done.Task;
        }

        public void Signal()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }
    }

    /// <summary>A socket that never receives until closed and completes every send at once.</summary>
    private sealed class NoOpSocket(Countdown countdown) : WebSocket
    {
        private readonly TaskCompletionSource<ValueWebSocketReceiveResult> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private WebSocketState _state = WebSocketState.Open;

        public override WebSocketCloseStatus? CloseStatus => _state == WebSocketState.Open ? null : WebSocketCloseStatus.NormalClosure;

        public override string? CloseStatusDescription => null;

        public override WebSocketState State => _state;

        public override string? SubProtocol => null;

        public void Close() => _closed.TrySetResult(new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true));

        public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (_closed.Task.IsCompleted)
            {
                _state = WebSocketState.CloseReceived;
            }

            return new(_closed.Task);
        }

        public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
        {
            var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
            return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
        }

        public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            if (buffer.Span.StartsWith("{\"type\":\"message\""u8))
            {
                countdown.Signal();
            }

            return default;
        }

        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

        public override void Abort() => _state = WebSocketState.Aborted;

        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
        {
            _state = WebSocketState.Closed;
            return Task.CompletedTask;
        }

        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
        {
            _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
            return Task.CompletedTask;
        }

        public override void Dispose()
        {
        }
    }
}
