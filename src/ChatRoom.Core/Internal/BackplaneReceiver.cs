using Microsoft.Extensions.Logging;

namespace ChatRoom.Internal;

/// <summary>Delivers what the backplane brings to this node's members of the room: the other half of a backplane broadcast.</summary>
/// <remarks>
/// Runs on the backplane's delivery thread for the room, so a room's frames go out in the order they were published.
/// Only this node's sockets are members here, so every send is an in-process one and completes at once. A member
/// found gone is removed as after any broadcast, in the background.
/// </remarks>
internal sealed class BackplaneReceiver(
    LocalRoomMembers local,
    InProcessMessenger messenger,
    GoneConnections gone,
    Departures departures,
    ChatRoomMetrics metrics,
    ILogger<BackplaneReceiver> logger) : IChatBackplaneReceiver
{
    private readonly ILogger _logger = logger;

    public void DeliverFrames(string room, IReadOnlyList<RoomFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(frames);

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

    public void DeliverMessage(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        DeliverFrames(message.Room, [new RoomFrame { Utf8Frame = FrameSerializer.Message(message) }]);
    }

    private DeliveryResult Send(string connectionId, ReadOnlyMemory<byte> frame)
    {
        // In-process sends complete synchronously (InProcessMessenger hands the frame to the sink's queue).
        var send = messenger.SendAsync(connectionId, frame, CancellationToken.None);
        return send.IsCompletedSuccessfully ? send.Result : DeliveryResult.Failed;
    }
}
