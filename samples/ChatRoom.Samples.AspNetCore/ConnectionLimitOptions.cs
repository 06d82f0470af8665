namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// How many WebSocket upgrades on <c>/ws</c> one client address may make per window, and how many sockets it may hold
/// open; bound from <c>ChatRoom:ConnectionLimit</c>. The page, its files and <c>/healthz</c> are never limited.
/// </summary>
internal sealed class ConnectionLimitOptions
{
    /// <summary>The configuration section, under <c>ChatRoom</c>: <c>ConnectionLimit</c>.</summary>
    public const string SectionName = "ConnectionLimit";

    /// <summary>Gets or sets how many upgrades one address may make per <see cref="Window"/>. Default 120.</summary>
    public int PermitsPerWindow { get; set; } = 120;

    /// <summary>Gets or sets the fixed window the permits are counted in. Default one minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many sockets on <c>/ws</c> one address may hold open at once. Default 100.</summary>
    public int MaxConcurrentPerAddress { get; set; } = 100;
}
