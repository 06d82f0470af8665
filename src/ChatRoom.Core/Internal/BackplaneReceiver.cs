using Microsoft.Extensions.Logging;

namespace ChatRoom.Internal;

/// <summary>Delivers what the backplane brings to this node's members of the room: the other half of a backplane broadcast.</summary>
/// <remarks>
/// <para>
/// Like the in-process outbox (<see cref="RoomSequencer"/>), each room has one delivery pass under way at most, and a
/// pass sends everything that arrived so far in one loop over the members: each member gets the frames in arrival
/// order and its writer wakes once for all of them, so under load one socket write carries several frames. What
/// arrives during a pass goes out in the next. The backplane hands over a room's payloads in publish order, so the
/// frames leave in that order.
/// </para>
/// <para>
/// Only this node's sockets are members here, so every send is an in-process one and completes at once. A member
/// found gone is removed as after any broadcast, in the background.
/// </para>
/// </remarks>
internal sealed class BackplaneReceiver(
    LocalRoomMembers local,
    InProcessMessenger messenger,
    GoneConnections gone,
    Departures departures,
    ChatRoomMetrics metrics,
    ILogger<BackplaneReceiver> logger) : IChatBackplaneReceiver
{
    private readonly Dictionary<string, RoomInbox> _rooms = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger;

    public void DeliverFrames(string room, IReadOnlyList<RoomFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(frames);

        RoomInbox inbox;
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(room, out inbox!))
            {
                inbox = new RoomInbox(room);
                _rooms.Add(room, inbox);
            }

            inbox.Pending.AddRange(frames);
            if (inbox.PassUnderWay)
            {
                return;
            }

            inbox.PassUnderWay = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Receiver.RunPasses(state.Inbox), (Receiver: this, Inbox: inbox), preferLocal: false);
    }

    public void DeliverMessage(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        DeliverFrames(message.Room, [new RoomFrame { Utf8Frame = FrameSerializer.Message(message) }]);
    }

    /// <summary>Sends what is pending, pass after pass, until nothing is; then the room's inbox is forgotten.</summary>
    private void RunPasses(RoomInbox inbox)
    {
        while (true)
        {
            List<RoomFrame> batch;
            lock (_rooms)
            {
                if (inbox.Pending.Count == 0)
                {
                    inbox.PassUnderWay = false;
                    _rooms.Remove(inbox.Room);
                    return;
                }

                batch = inbox.Pending;
                inbox.Pending = [];
            }

            Send(inbox.Room, batch);
        }
    }

    private void Send(string room, List<RoomFrame> frames)
    {
        var delivered = 0;
        var failed = 0;
        foreach (var member in local.MembersOf(room))
        {
            foreach (var frame in frames)
            {
                if (frame.ExceptConnectionId == member.ConnectionId || member.TryHold(frame.Utf8Frame))
                {
                    continue;
                }

                var result = Send(member.ConnectionId, frame.Utf8Frame);
                if (result == DeliveryResult.Gone)
                {
                    gone.Report(member.ConnectionId);
                    _ = local.RemoveAsync(room, member.ConnectionId);
                    break;
                }

                if (result == DeliveryResult.Delivered)
                {
                    delivered++;
                }
                else
                {
                    failed++;
                }
            }
        }

        metrics.Delivered(delivered);
        if (failed > 0)
        {
            metrics.Failed(failed);
            Log.DeliveryFailed(_logger, room, failed);
        }

        if (gone.HasQueued)
        {
            _ = departures.RemoveGoneAsync();
        }
    }

    private DeliveryResult Send(string connectionId, ReadOnlyMemory<byte> frame)
    {
        // In-process sends complete synchronously (InProcessMessenger hands the frame to the sink's queue).
        var send = messenger.SendAsync(connectionId, frame, CancellationToken.None);
        return send.IsCompletedSuccessfully ? send.Result : DeliveryResult.Failed;
    }

    /// <summary>One room's frames that arrived and are not sent yet, and whether a pass is under way.</summary>
    private sealed class RoomInbox(string room)
    {
        public string Room { get; } = room;

        public List<RoomFrame> Pending { get; set; } = [];

        public bool PassUnderWay { get; set; }
    }
}
