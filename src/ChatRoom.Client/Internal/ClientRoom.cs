namespace ChatRoom.Client.Internal;

/// <summary>A room the application joined: its ordering state, its timers and whether it is joined on the current connection.</summary>
/// <remarks>Guarded by the client's lock.</remarks>
internal sealed class ClientRoom : IDisposable
{
    public ClientRoom(string name, long? since)
    {
        Name = name;
        Order = new RoomDeliveryOrder(since);
    }

    public string Name { get; }

    public RoomDeliveryOrder Order { get; }

    /// <summary>Completed by the first <c>joined</c> reply (or failed by a refusal).</summary>
    public TaskCompletionSource<ChatJoinResult> Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets whether the room's <c>joined</c> reply arrived on the current connection, so sends may go.</summary>
    public bool Ready { get; set; }

    /// <summary>Gets or sets whether the join in flight carried <c>since</c>.</summary>
    public bool JoinedWithSince { get; set; }

    /// <summary>Gets or sets whether a <c>history</c> fill is in flight (at most one).</summary>
    public bool FillInFlight { get; set; }

    /// <summary>Gets or sets how many join attempts in a row were answered <c>rate_limited</c> or <c>unavailable</c>.</summary>
    public int JoinAttempts { get; set; }

    public ITimer? GapTimer { get; set; }

    public bool GapTimerRunning { get; set; }

    public ITimer? QuietTimer { get; set; }

    /// <summary>The backoff before a join answered <c>rate_limited</c> or <c>unavailable</c> is sent again.</summary>
    public ITimer? RetryTimer { get; set; }

    /// <summary>The time a fill waits for its reply before it is sent again.</summary>
    public ITimer? FillTimer { get; set; }

    public void Dispose()
    {
        GapTimer?.Dispose();
        QuietTimer?.Dispose();
        RetryTimer?.Dispose();
        FillTimer?.Dispose();
    }
}
