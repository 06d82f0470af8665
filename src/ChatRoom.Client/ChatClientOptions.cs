using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace ChatRoom.Client;

/// <summary>Settings of a <see cref="ChatClient"/>; every timing has a default that suits API Gateway and the in-process host.</summary>
public sealed class ChatClientOptions
{
    /// <summary>Gets or sets the chat endpoint, e.g. <c>ws://localhost:5080/ws</c> or <c>wss://…/production</c>. Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the display name sent as <c>?name=</c> (ignored by the server when a token is used).</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets a signed token (JWT) to connect with; sent as <c>?access_token=</c> unless <see cref="SendAccessTokenInHeader"/>.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Gets or sets whether the token goes in an <c>Authorization: Bearer</c> header instead of the query string. Default false.</summary>
    public bool SendAccessTokenInHeader { get; set; }

    /// <summary>Gets or sets how long a missing seq may be overdue, once a later one arrived, before it is asked for with <c>history</c>. Default 1 second.</summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how long a room must be quiet after live activity (and after every rejoin) before the client asks
    /// once for anything newer, which finds a lost last frame. ±25 % jitter. Default 3 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan SyncDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets or sets how long a send waits for its acknowledgement before it is sent again with the same id. Default 10 seconds.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets after how long without a frame sent the client sends a <c>ping</c> (API Gateway closes idle connections at 10 minutes). Default 5 minutes.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the first reconnect (and <c>unavailable</c> resend) backoff; it doubles per attempt, with full jitter. Default 0.5 seconds.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest backoff. Default 30 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the clock for every timer (tests pass a <c>FakeTimeProvider</c>). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the logger factory. Default none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Gets or sets a hook that adjusts each socket before it connects (headers, proxy, certificates).</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>
    /// Gets or sets whether events are also queued for <see cref="ChatClient.ReadEventsAsync"/>. Default true; set it to
    /// false when only the .NET events are used, so that unread events do not accumulate.
    /// </summary>
    public bool EnableEventStream { get; set; } = true;

    internal void Validate()
    {
        if (Url is null || (Url.Scheme != "ws" && Url.Scheme != "wss"))
        {
            throw new ArgumentException("ChatClientOptions.Url must be a ws:// or wss:// address.", nameof(Url));
        }

        Positive(GapTimeout, nameof(GapTimeout));
        Positive(AckTimeout, nameof(AckTimeout));
        Positive(KeepAliveInterval, nameof(KeepAliveInterval));
        Positive(ReconnectDelay, nameof(ReconnectDelay));
        if (SyncDelay != Timeout.InfiniteTimeSpan)
        {
            Positive(SyncDelay, nameof(SyncDelay));
        }

        if (MaxReconnectDelay < ReconnectDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReconnectDelay), MaxReconnectDelay, "MaxReconnectDelay must not be shorter than ReconnectDelay.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be positive.");
        }
    }
}
