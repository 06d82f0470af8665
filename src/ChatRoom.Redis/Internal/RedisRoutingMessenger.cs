using Microsoft.Extensions.Logging;

namespace ChatRoom.Redis.Internal;

/// <summary>
/// The messenger with a backplane: this node's sockets in process, and a connection another node holds through that
/// node's channel, so that no node ever reports another's live connection as gone.
/// </summary>
/// <remarks>
/// Room broadcasts never come here (they are published once and delivered by each node); what does is one frame or
/// a close for one connection, such as <see cref="IChatRoomService.DisconnectAsync"/> from any node. A connection with
/// no recorded owner is gone; one whose node does not listen (dead or cut off) is a failed send, and the node's lease
/// decides when its connections are removed.
/// </remarks>
internal sealed class RedisRoutingMessenger(
    InProcessMessenger local,
    RedisConnection redis,
    RedisNode node,
    ILogger<RedisRoutingMessenger> logger) : IConnectionMessenger
{
    private readonly ILogger _logger = logger;

    public int MaxFrameBytes => local.MaxFrameBytes;

    public ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default)
    {
        var sent = local.SendAsync(connectionId, utf8Frame, cancellationToken);
        return sent.IsCompletedSuccessfully && sent.Result == DeliveryResult.Gone
            ? RouteAsync(connectionId, BackplaneEnvelope.EncodeSend(connectionId, utf8Frame.Span))
            : sent;
    }

    public ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var closed = local.CloseAsync(connectionId, cancellationToken);
        return closed.IsCompletedSuccessfully && closed.Result == DeliveryResult.Gone
            ? RouteAsync(connectionId, BackplaneEnvelope.EncodeClose(connectionId))
            : closed;
    }

    private async ValueTask<DeliveryResult> RouteAsync(string connectionId, byte[] payload)
    {
        try
        {
            var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
            var owner = await RedisFailures.RunAsync(() => database.StringGetAsync(redis.Keys.ConnectionOwner(connectionId))).ConfigureAwait(false);
            if (owner.IsNull || owner == node.Id)
            {
                return DeliveryResult.Gone;
            }

            var channel = await redis.ChannelAsync(redis.Keys.NodeChannel(owner.ToString())).ConfigureAwait(false);
            var multiplexer = await redis.GetMultiplexerAsync().ConfigureAwait(false);
            var listeners = await RedisFailures.RunAsync(() => multiplexer.GetSubscriber().PublishAsync(channel, payload)).ConfigureAwait(false);
            return listeners > 0 ? DeliveryResult.Delivered : DeliveryResult.Failed;
        }
        catch (ChatStoreUnavailableException ex)
        {
            Log.RouteFailed(_logger, ex, connectionId);
            return DeliveryResult.Failed;
        }
    }
}
