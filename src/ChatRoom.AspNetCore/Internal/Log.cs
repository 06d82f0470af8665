using Microsoft.Extensions.Logging;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>The ASP.NET Core host's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Information, "Connection {ConnectionId} fell more than {MaxQueuedBytes} bytes behind and is being closed.")]
    public static partial void SlowConsumer(ILogger logger, string connectionId, int maxQueuedBytes);

    [LoggerMessage(102, LogLevel.Debug, "Socket of connection {ConnectionId} failed: {Reason}")]
    public static partial void SocketFailed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(103, LogLevel.Error, "The engine failed on connection {ConnectionId}.")]
    public static partial void EngineFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(104, LogLevel.Warning, "The registration of connection {ConnectionId} could not be renewed; trying again at the next interval.")]
    public static partial void RenewalFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(105, LogLevel.Information, "Connection {ConnectionId} is no longer registered and is being closed so that its client reconnects.")]
    public static partial void RegistrationLost(ILogger logger, string connectionId);

    [LoggerMessage(106, LogLevel.Debug, "WebSocket upgrade from {RemoteAddress} refused: too many connections, retry after {Seconds}s")]
    public static partial void UpgradeRefused(ILogger logger, System.Net.IPAddress? remoteAddress, long seconds);

    [LoggerMessage(107, LogLevel.Debug, "WebSocket upgrade from {RemoteAddress} refused: {MaxOpen} sockets already open, retry after {Seconds}s")]
    public static partial void TooManyOpen(ILogger logger, System.Net.IPAddress? remoteAddress, int maxOpen, long seconds);

    [LoggerMessage(108, LogLevel.Debug, "WebSocket upgrade refused: origin {Origin} is not allowed")]
    public static partial void OriginRefused(ILogger logger, string origin);

    [LoggerMessage(109, LogLevel.Debug, "WebSocket connection refused as unauthenticated: {Reason}")]
    public static partial void Unauthenticated(ILogger logger, string reason);
}
