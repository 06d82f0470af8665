namespace ChatRoom.AspNetCore;

/// <summary>
/// How many WebSocket upgrades one client address may make per window, and how many chat sockets it may hold open;
/// bound from <c>ChatRoom:ConnectionLimit</c>. An IPv6 address counts by its /64 prefix.
/// </summary>
public sealed class ConnectionLimitOptions
{
    /// <summary>Gets or sets how many upgrades one address may make per <see cref="Window"/>. Default 120.</summary>
    public int PermitsPerWindow { get; set; } = 120;

    /// <summary>Gets or sets the fixed window the permits are counted in. Default one minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many chat sockets one address may hold open at once. Default 100; raise it when many clients share an address (NAT, a proxy).</summary>
    public int MaxConcurrentPerAddress { get; set; } = 100;
}
