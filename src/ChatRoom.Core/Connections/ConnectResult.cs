namespace ChatRoom;

/// <summary>The engine's answer to a new connection.</summary>
/// <param name="Status">Whether it was accepted, and if not, why.</param>
/// <param name="Reason">A short human-readable reason when refused.</param>
public sealed record ConnectResult(ConnectStatus Status, string? Reason = null)
{
    /// <summary>The connection was accepted.</summary>
    public static ConnectResult Accepted { get; } = new(ConnectStatus.Accepted);

    /// <summary>Gets whether the connection was accepted.</summary>
    public bool IsAccepted => Status == ConnectStatus.Accepted;
}
