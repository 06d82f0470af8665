using System.Collections.Concurrent;
using ChatRoom.Client;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>One member of <see cref="ClientLoadScenario"/>: a <see cref="ChatClient"/> and the messages it delivered, in delivery order.</summary>
internal sealed class LoadMember
{
    private readonly int _expected;
    private readonly TaskCompletionSource _allDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoadMember(GatewayHost gateway, string name, string room, int expected)
    {
        Name = name;
        Room = room;
        _expected = expected;

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

    /// <summary>Gets the delivered messages in delivery order.</summary>
    public ConcurrentQueue<ChatMessageEvent> Delivered { get; } = new();

    /// <summary>Completes when as many messages as the room will hold were delivered.</summary>
    public Task AllDelivered => _allDelivered.Task;

    private void OnMessage(ChatMessageEvent message)
    {
        Delivered.Enqueue(message);
        if (Delivered.Count >= _expected)
        {
            _allDelivered.TrySetResult();
        }
    }
}
