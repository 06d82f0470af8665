namespace ChatRoom;

/// <summary>
/// Where an <see cref="IChatBackplane"/> hands what reached this node: the engine delivers it to the node's own members
/// of the room. Registered by <c>AddChatRoom()</c>.
/// </summary>
/// <remarks>
/// Thread-safe; call it for one room in the order the room's broadcasts were published. Delivery to this node's
/// connections completes synchronously; a connection found gone is removed as after any broadcast.
/// </remarks>
public interface IChatBackplaneReceiver
{
    /// <summary>Delivers frames another node (or this one) published with <see cref="IChatBackplane.PublishAsync"/>.</summary>
    /// <param name="room">The room.</param>
    /// <param name="frames">The frames, in order.</param>
    void DeliverFrames(string room, IReadOnlyList<RoomFrame> frames);

    /// <summary>
    /// Delivers a message that a store published with its append (<see cref="AppendResult.IsPublished"/>): the engine
    /// writes its <c>message</c> event once and sends it to every member of the room on this node.
    /// </summary>
    /// <param name="message">The stored message.</param>
    void DeliverMessage(ChatMessage message);
}
