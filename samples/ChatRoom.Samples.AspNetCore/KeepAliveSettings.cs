namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Reads <c>ChatRoom:KeepAliveInterval</c> (default 30 s) and <c>ChatRoom:KeepAliveTimeout</c> (default 30 s): the server
/// pings every socket at the interval and aborts one that has not answered with a pong within the timeout, so a client
/// that vanished without a close frame (pulled cable, killed process, sleeping laptop) is removed and its rooms are told.
/// </summary>
internal static class KeepAliveSettings
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static WebSocketOptions ToWebSocketOptions(IConfigurationSection chatSection)
    {
        var interval = Read(chatSection, "KeepAliveInterval", DefaultInterval);
        var timeout = Read(chatSection, "KeepAliveTimeout", DefaultTimeout);
        if (interval <= TimeSpan.Zero || timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("ChatRoom:KeepAliveInterval and ChatRoom:KeepAliveTimeout must be positive, e.g. 00:00:30.");
        }

        return new WebSocketOptions { KeepAliveInterval = interval, KeepAliveTimeout = timeout };
    }

    private static TimeSpan Read(IConfigurationSection chatSection, string key, TimeSpan fallback)
    {
        var value = chatSection[key];
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"ChatRoom:{key} is '{value}'; use a time span such as 00:00:30.");
    }
}
