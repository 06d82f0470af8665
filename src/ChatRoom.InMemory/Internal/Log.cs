using Microsoft.Extensions.Logging;

namespace ChatRoom.InMemory.Internal;

/// <summary>The in-process host's log messages.</summary>
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
}
