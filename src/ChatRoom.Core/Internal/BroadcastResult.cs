namespace ChatRoom.Internal;

/// <summary>What a broadcast found: connections that are gone, and whether every member was reached.</summary>
internal sealed record BroadcastResult(IReadOnlyList<string> Gone, bool ReachedEveryMember)
{
    public static BroadcastResult Nobody { get; } = new([], true);
}
