namespace ChatRoom.Client;

/// <summary>The answer to <see cref="ChatClient.JoinAsync"/>: who you are in the room and who else is there.</summary>
/// <remarks>The <c>joined</c> reply's messages are not here: they are handed over as <see cref="ChatMessageEvent"/>s, in order.</remarks>
public sealed class ChatJoinResult
{
    /// <summary>Gets the room.</summary>
    public required string Room { get; init; }

    /// <summary>Gets this connection as the room sees it.</summary>
    public required ChatMember You { get; init; }

    /// <summary>Gets the members listed in the reply, in connection id order.</summary>
    public required IReadOnlyList<ChatMember> Members { get; init; }

    /// <summary>Gets whether more members exist than were listed.</summary>
    public bool MoreMembers { get; init; }
}
