namespace ChatRoom.Redis.Internal;

/// <summary>The node registry's scripts; time is Redis's own (<c>TIME</c>), so the nodes' clocks never need to agree.</summary>
internal static class NodeLeaseScripts
{
    /// <summary>
    /// KEYS[1] the node registry; ARGV[1] the node id, ARGV[2] the lease in ms. Renews the node's lease and returns
    /// { 1 when the node still had an entry (0 when it had run out and was removed), the ids of nodes whose lease ran out }.
    /// </summary>
    public const string Renew = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local had = redis.call('ZSCORE', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
        return { had and 1 or 0, expired }
        """;

    /// <summary>KEYS[1] the node registry; ARGV[1] a node id. Removes the node's entry only if its lease has run out (a node that came back keeps its new one).</summary>
    public const string ForgetIfExpired = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if score and tonumber(score) < now then
          redis.call('ZREM', KEYS[1], ARGV[1])
          return 1
        end
        return 0
        """;
}
