using ChatRoom.Client;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>A <see cref="ChatClient"/> on the local gateway that records the messages it delivers, in delivery order.</summary>
internal sealed class RecordingClient : IAsyncDisposable
{
    private readonly List<ChatMessageEvent> _delivered = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public RecordingClient(GatewayHost gateway, string name, string room)
    {
        Name = name;
        Room = room;

        // Only the .NET events are used, so the event stream is not queued as well.
        Client = new ChatClient(new ChatClientOptions
        {
            Url = new Uri($"ws://{gateway.BaseAddress.Authority}/{GatewayHost.Stage}"),
            Name = name,
            EnableEventStream = false,
        });
        Client.MessageReceived += OnMessage;
    }

    public string Name { get; }

    public string Room { get; }

    public ChatClient Client { get; }

    /// <summary>Gets a copy of the delivered messages, in delivery order.</summary>
    public IReadOnlyList<ChatMessageEvent> Delivered
    {
        get
        {
            lock (_delivered)
            {
                return [.. _delivered];
            }
        }
    }

    /// <summary>Connects and joins <see cref="Room"/>.</summary>
    /// <returns>The connection id the server gave it.</returns>
    public async Task<string> StartAndJoinAsync(CancellationToken cancellationToken = default)
    {
        await Client.StartAsync(cancellationToken);
        return (await Client.JoinAsync(Room, cancellationToken: cancellationToken)).You.ConnectionId;
    }

    /// <summary>Completes once at least <paramref name="count"/> messages were delivered.</summary>
    public Task WhenDelivered(int count)
    {
        lock (_delivered)
        {
            if (_delivered.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private void OnMessage(ChatMessageEvent message)
    {
        lock (_delivered)
        {
            _delivered.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Count <= _delivered.Count))
            {
                waiter.Reached.TrySetResult();
            }

            _waiters.RemoveAll(w => w.Count <= _delivered.Count);
        }
    }
}
