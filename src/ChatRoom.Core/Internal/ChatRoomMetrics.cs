using System.Diagnostics.Metrics;

namespace ChatRoom.Internal;

/// <summary>The engine's instruments, on the <c>ChatRoom</c> meter.</summary>
internal sealed class ChatRoomMetrics
{
    public const string MeterName = "ChatRoom";

    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _messagesStored;
    private readonly Counter<long> _messagesDelivered;
    private readonly Counter<long> _deliveriesFailed;
    private readonly Counter<long> _connectionsGone;
    private readonly Histogram<double> _broadcastDuration;

    public ChatRoomMetrics(IMeterFactory? meterFactory = null)
    {
        // Without a host's IMeterFactory (plain unit tests), a private meter keeps the instruments working.
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _messagesReceived = meter.CreateCounter<long>("chatroom.messages.received", "{message}", "Messages (sendmessage frames) received from clients.");
        _messagesStored = meter.CreateCounter<long>("chatroom.messages.stored", "{message}", "Messages appended to history (duplicates excluded).");
        _messagesDelivered = meter.CreateCounter<long>("chatroom.messages.delivered", "{frame}", "Frames accepted by the transport for a connection.");
        _deliveriesFailed = meter.CreateCounter<long>("chatroom.deliveries.failed", "{frame}", "Frames the transport failed to send.");
        _connectionsGone = meter.CreateCounter<long>("chatroom.connections.gone", "{connection}", "Connections found gone while sending, and removed.");
        _broadcastDuration = meter.CreateHistogram<double>("chatroom.broadcast.duration", "s", "Time of one pass over a room's members, sending every event queued for it (one or more).");
    }

    public void MessageReceived() => _messagesReceived.Add(1);

    public void MessageStored() => _messagesStored.Add(1);

    public void Delivered(long count) => _messagesDelivered.Add(count);

    public void Failed(long count) => _deliveriesFailed.Add(count);

    public void Gone(long count) => _connectionsGone.Add(count);

    public void BroadcastCompleted(TimeSpan elapsed) => _broadcastDuration.Record(elapsed.TotalSeconds);
}
