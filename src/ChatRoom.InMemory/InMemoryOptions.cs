namespace ChatRoom.InMemory;

/// <summary>Options for the in-memory stores.</summary>
public sealed class InMemoryOptions
{
    /// <summary>Gets or sets how many messages each room keeps; the oldest are dropped beyond it. Default 10,000.</summary>
    public int MaxHistoryPerRoom { get; set; } = 10_000;
}
