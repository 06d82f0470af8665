namespace ChatRoom.LoadTest;

/// <summary>The servers under test.</summary>
internal enum ServerKind
{
    ChatRoom,
    SignalR,
    Bare,
}
