using Microsoft.Extensions.Logging;

namespace ChatRoom.Internal;

/// <summary>The engine's log messages. Message text is logged only at Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Connection {ConnectionId} connected as '{Name}'.")]
    public static partial void Connected(ILogger logger, string connectionId, string name);

    [LoggerMessage(2, LogLevel.Information, "Connection {ConnectionId} was refused: {Status} ({Reason}).")]
    public static partial void ConnectRefused(ILogger logger, string connectionId, ConnectStatus status, string? reason);

    [LoggerMessage(3, LogLevel.Debug, "Connection {ConnectionId} disconnected from {RoomCount} room(s).")]
    public static partial void Disconnected(ILogger logger, string connectionId, int roomCount);

    [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} sent a bad frame for action '{Action}': {Code}.")]
    public static partial void ClientError(ILogger logger, string connectionId, string? action, string code);

    [LoggerMessage(5, LogLevel.Warning, "A store failed while handling '{Action}' from connection {ConnectionId}.")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string connectionId, string? action);

    [LoggerMessage(6, LogLevel.Trace, "Connection {ConnectionId} sent to '{Room}': {Text}")]
    public static partial void MessageText(ILogger logger, string connectionId, string room, string text);

    [LoggerMessage(7, LogLevel.Warning, "Sending to {FailedCount} member(s) of room '{Room}' failed.")]
    public static partial void DeliveryFailed(ILogger logger, string room, int failedCount);

    [LoggerMessage(8, LogLevel.Debug, "Connection {ConnectionId} is gone; removing it.")]
    public static partial void ConnectionGone(ILogger logger, string connectionId);

    [LoggerMessage(9, LogLevel.Error, "Handling '{Action}' from connection {ConnectionId} failed unexpectedly.")]
    public static partial void UnexpectedError(ILogger logger, Exception exception, string connectionId, string? action);

    [LoggerMessage(10, LogLevel.Warning, "Frame received from unregistered connection {ConnectionId}.")]
    public static partial void UnknownConnection(ILogger logger, string connectionId);

    [LoggerMessage(11, LogLevel.Warning, "Connection {ConnectionId} could not be registered.")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(12, LogLevel.Warning, "Connection {ConnectionId} could not be removed; it will expire from storage.")]
    public static partial void DisconnectFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(14, LogLevel.Debug, "Connection {ConnectionId} was refused room '{Room}': {Reason}")]
    public static partial void JoinRefused(ILogger logger, string connectionId, string room, string? reason);

    [LoggerMessage(30, LogLevel.Debug, "The application sent seq {Seq} to room '{Room}' as '{UserId}'.")]
    public static partial void ServerMessageSent(ILogger logger, string room, long seq, string userId);

    [LoggerMessage(31, LogLevel.Information, "The application disconnected connection {ConnectionId} (close: {Result}).")]
    public static partial void ServerDisconnected(ILogger logger, string connectionId, DeliveryResult result);

    [LoggerMessage(32, LogLevel.Warning, "The messenger failed to close connection {ConnectionId}.")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string connectionId);
}
