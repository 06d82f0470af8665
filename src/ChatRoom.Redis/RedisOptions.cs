namespace ChatRoom.Redis;

/// <summary>Options for the Redis stores and backplane (<c>AddRedis()</c>, <c>AddRedisBackplane()</c>).</summary>
/// <remarks>
/// Every key and channel of a room shares the hash tag <c>{room}</c>, and every key of a connection the tag
/// <c>{connection id}</c>, so one room's script runs on one Redis Cluster shard (see docs/scale-out.md).
/// </remarks>
public sealed class RedisOptions
{
    /// <summary>The subsection of the <c>ChatRoom</c> section these options are bound from: <c>Redis</c>.</summary>
    public const string SectionName = "Redis";

    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or
    /// <c>redis1:6379,redis2:6379,password=…,ssl=true</c>. Required.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets the prefix of every key and channel, so that several chats can share one Redis. Default <c>chatroom</c>.</summary>
    public string KeyPrefix { get; set; } = "chatroom";

    /// <summary>
    /// Gets or sets how long a node's lease lasts. A node renews it every third of this; the connections of a node that
    /// has not renewed it for this long (killed, partitioned from Redis) are removed by the other nodes, with
    /// <c>presence</c> <c>left</c> to their rooms. Default 30 seconds; 3 seconds to 10 minutes.
    /// </summary>
    public TimeSpan NodeLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the <see cref="IConnectionStore.ConnectionTimeToLive"/> the Redis connection store reports: the host
    /// checks each socket's registration every quarter of it (one <c>EXISTS</c>) and closes a socket whose registration
    /// is gone with 4410, so that its client reconnects. Registrations themselves never expire; they end with a
    /// disconnect or with their node's lease. Default 2 minutes; at least <see cref="NodeLeaseDuration"/>.
    /// </summary>
    public TimeSpan ConnectionTimeToLive { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets whether room channels use sharded pub/sub (<c>SPUBLISH</c>/<c>SSUBSCRIBE</c>, Redis 7 and later):
    /// <see langword="null"/> (the default) uses it when the server supports it.
    /// </summary>
    public bool? UseShardedPubSub { get; set; }
}
