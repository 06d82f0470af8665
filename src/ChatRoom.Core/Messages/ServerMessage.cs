namespace ChatRoom;

/// <summary>A message the application sends into a room through <see cref="IChatRoomService"/>.</summary>
/// <remarks>
/// Without <see cref="UserId"/> it is a system message: the wire marks it <c>"system":true</c> and its sender is
/// <c>{"connectionId":"$system","name":…}</c>, so clients that do not know the flag still show it as from
/// <see cref="SenderName"/>. With <see cref="UserId"/> it is sent as that user (its sender's connection id is
/// <c>$server</c>, and the name is shown as verified: the application vouches for it).
/// </remarks>
public sealed class ServerMessage
{
    /// <summary>Gets the room to send to (1–64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>); it need not have members.</summary>
    public required string Room { get; init; }

    /// <summary>Gets the text, under the same rules as a client's (<see cref="ChatRoomOptions.MaxMessageLength"/>, no control characters but newline and tab).</summary>
    public required string Text { get; init; }

    /// <summary>Gets the user to send as, or <see langword="null"/> (the default) for the system.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the name shown as the sender: defaults to <c>System</c> for the system and to <see cref="UserId"/> for a user.</summary>
    public string? SenderName { get; init; }

    /// <summary>
    /// Gets an optional id (1–64 characters) that makes the send idempotent: sending again with the same id, sender and
    /// room stores nothing new and broadcasts the original again, as a client's <c>clientMessageId</c> does.
    /// </summary>
    public string? ClientMessageId { get; init; }
}
