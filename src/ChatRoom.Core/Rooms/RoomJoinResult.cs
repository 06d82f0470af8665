namespace ChatRoom;

/// <summary>The outcome of adding a connection to a room.</summary>
public enum RoomJoinResult
{
    /// <summary>The connection was not a member and now is.</summary>
    Joined,

    /// <summary>The connection already was a member; nothing changed except that the membership was refreshed.</summary>
    AlreadyMember,

    /// <summary>The connection is already in as many rooms as allowed, so it was not added.</summary>
    TooManyRooms,

    /// <summary>The connection is not registered (removed, or expired), so it was not added.</summary>
    NotRegistered,
}
