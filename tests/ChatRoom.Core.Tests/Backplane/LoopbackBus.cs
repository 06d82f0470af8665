namespace ChatRoom.Core.Tests;

/// <summary>
/// A backplane bus in memory, shared by several engines standing in for nodes: a publish reaches every node
/// subscribed to the room, synchronously and in publish order. Counts what the engines ask of it.
/// </summary>
public sealed class LoopbackBus
{
    private readonly Lock _gate = new();
    private readonly List<(LoopbackBackplane Node, string Room)> _subscriptions = [];

    public int Publishes { get; private set; }

    public List<string> Opened { get; } = [];

    public List<string> Removed { get; } = [];

    public bool IsSubscribed(LoopbackBackplane node, string room)
    {
        lock (_gate)
        {
            return _subscriptions.Contains((node, room));
        }
    }

    internal void Publish(string room, IReadOnlyList<RoomFrame> frames)
    {
        lock (_gate)
        {
            Publishes++;
            foreach (var (node, subscribed) in _subscriptions.ToArray())
            {
                if (subscribed == room)
                {
                    node.Receiver.DeliverFrames(room, frames);
                }
            }
        }
    }

    internal void PublishMessage(ChatMessage message)
    {
        lock (_gate)
        {
            foreach (var (node, subscribed) in _subscriptions.ToArray())
            {
                if (subscribed == message.Room)
                {
                    node.Receiver.DeliverMessage(message);
                }
            }
        }
    }

    internal void Subscribe(LoopbackBackplane node, string room)
    {
        lock (_gate)
        {
            _subscriptions.Add((node, room));
        }
    }

    internal void Unsubscribe(LoopbackBackplane node, string room)
    {
        lock (_gate)
        {
            _subscriptions.Remove((node, room));
        }
    }

    internal void Record(List<string> list, string connectionId)
    {
        lock (_gate)
        {
            list.Add(connectionId);
        }
    }
}
