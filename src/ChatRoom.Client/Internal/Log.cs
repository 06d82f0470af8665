using Microsoft.Extensions.Logging;

namespace ChatRoom.Client.Internal;

/// <summary>The client's log messages, with stable event ids. Message text is never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Connected to {Url}.")]
    public static partial void Connected(ILogger logger, Uri url);

    [LoggerMessage(2, LogLevel.Warning, "The connection closed (status {Status}, {Description}); reconnecting.")]
    public static partial void ConnectionLost(ILogger logger, string status, string? description, Exception? exception);

    [LoggerMessage(3, LogLevel.Warning, "Reconnect attempt {Attempt} failed.")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "The server refused the connection ({Code}): {Reason}.")]
    public static partial void ConnectionRefused(ILogger logger, string code, string reason);

    [LoggerMessage(5, LogLevel.Warning, "A frame from the server was not valid JSON; ignored.")]
    public static partial void BadFrame(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "An event handler threw; the client carries on.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Debug, "Room {Room}: asking for the messages after seq {After}.")]
    public static partial void Fill(ILogger logger, string room, long after);

    [LoggerMessage(8, LogLevel.Debug, "Resending {ClientMessageId} to room {Room} (attempt {Attempt}).")]
    public static partial void Resend(ILogger logger, string clientMessageId, string room, int attempt);

    [LoggerMessage(9, LogLevel.Warning, "Room {Room}: the join was refused ({Code}).")]
    public static partial void JoinRefused(ILogger logger, string room, string code);

    [LoggerMessage(10, LogLevel.Debug, "Room {Room}: {Code} on join; trying again.")]
    public static partial void JoinRetry(ILogger logger, string room, string code);
}
