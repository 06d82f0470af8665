using Microsoft.Extensions.Logging;

namespace ChatRoom.Aws.Internal;

/// <summary>Log entries of the Lambda entry, <see cref="ApiGatewayWebSocketHandler"/>.</summary>
internal static partial class WebSocketHandlerLog
{
    [LoggerMessage(300, LogLevel.Information, "Connection {ConnectionId} refused: {Status}")]
    public static partial void ConnectRefused(ILogger logger, string connectionId, ConnectStatus status);

    [LoggerMessage(301, LogLevel.Debug, "Connection {ConnectionId} disconnected with {StatusCode} {Reason}")]
    public static partial void Disconnected(ILogger logger, string connectionId, int? statusCode, string? reason);

    [LoggerMessage(302, LogLevel.Warning, "Event answered with 400: {Reason}")]
    public static partial void BadEvent(ILogger logger, string reason);

    [LoggerMessage(303, LogLevel.Warning, "Connection {ConnectionId} could not be removed; its items expire by TTL")]
    public static partial void DisconnectFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(304, LogLevel.Information, "Connection {ConnectionId} refused: origin {Origin} is not allowed (ChatRoom:AllowedOrigins)")]
    public static partial void OriginRefused(ILogger logger, string connectionId, string? origin);

    [LoggerMessage(312, LogLevel.Information, "No ChatRoom:AllowedOrigins: browser pages may connect from the API's own origin only. API Gateway serves no pages, so on AWS every page is refused until its origin is listed. Clients without an Origin header are admitted.")]
    public static partial void SameOriginOnly(ILogger logger);

    [LoggerMessage(313, LogLevel.Information, "Browser pages may connect from {Origins} only (ChatRoom:AllowedOrigins).")]
    public static partial void OriginsListed(ILogger logger, IReadOnlyCollection<string> origins);
}
