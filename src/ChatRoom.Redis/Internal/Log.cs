using Microsoft.Extensions.Logging;

namespace ChatRoom.Redis.Internal;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Ignored a malformed backplane payload on channel {Channel}.")]
    public static partial void MalformedPayload(ILogger logger, Exception exception, string channel);

    [LoggerMessage(2, LogLevel.Information, "Node {NodeId} joined the chat on Redis (lease {Lease}, sharded pub/sub: {Sharded}).")]
    public static partial void NodeStarted(ILogger logger, string nodeId, TimeSpan lease, bool sharded);

    [LoggerMessage(3, LogLevel.Warning, "Redis cannot be reached yet; node {NodeId} retries (its chat answers 'unavailable' meanwhile).")]
    public static partial void RedisUnreachable(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(4, LogLevel.Warning, "Node {NodeId}'s lease had run out (Redis was out of reach for longer than the lease); other nodes may have removed its connections, which the registration check closes with 4410 so that their clients reconnect.")]
    public static partial void LeaseLost(ILogger logger, string nodeId);

    [LoggerMessage(5, LogLevel.Information, "Node {DeadNodeId}'s lease ran out; removing its {Count} connections.")]
    public static partial void SweepingNode(ILogger logger, string deadNodeId, long count);

    [LoggerMessage(6, LogLevel.Warning, "Renewing node {NodeId}'s lease failed; retrying.")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(7, LogLevel.Warning, "Could not route to connection {ConnectionId} on another node.")]
    public static partial void RouteFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(8, LogLevel.Warning, "Unsubscribing room '{Room}' failed; the room stays subscribed.")]
    public static partial void UnsubscribeFailed(ILogger logger, Exception exception, string room);
}
