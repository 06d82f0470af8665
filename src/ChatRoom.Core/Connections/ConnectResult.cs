namespace ChatRoom;

/// <summary>The engine's answer to a new connection.</summary>
public sealed record ConnectResult
{
    /// <summary>The connection was accepted.</summary>
    public static ConnectResult Accepted { get; } = new() { Status = ConnectStatus.Accepted };

    /// <summary>Gets whether it was accepted, and if not, why.</summary>
    public required ConnectStatus Status { get; init; }

    /// <summary>Gets a short human-readable reason when refused.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets whether the connection was accepted.</summary>
    public bool IsAccepted => Status == ConnectStatus.Accepted;
}
