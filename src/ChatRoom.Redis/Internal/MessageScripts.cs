namespace ChatRoom.Redis.Internal;

/// <summary>The Lua script of <see cref="RedisMessageStore"/>'s append; it touches one room's keys and channel, so one cluster slot.</summary>
internal static class MessageScripts
{
    /// <summary>
    /// Appends a message, or finds the original of a resend, and publishes the stored record to the room either way, in
    /// one atomic step: every node then sees a room's messages in seq order, and a resend whose first answer was lost
    /// still reaches the room.
    /// </summary>
    /// <remarks>
    /// KEYS: <see cref="RedisKeys.RoomSeq"/>, <see cref="RedisKeys.RoomHistory"/>, <see cref="RedisKeys.RoomDedup"/>,
    /// <see cref="RedisKeys.RoomChannel"/> (a key too, so that cluster slot checks cover it). ARGV: <c>SPUBLISH</c> or
    /// <c>PUBLISH</c>; the record without its seq (it starts with <c>{</c>); the de-dup field (user id, a newline,
    /// client message id) or an empty string for none. Returns 1 and the original's record for a duplicate, else 0 and
    /// the new record. <c>%d</c>, because Lua would print a large seq as a float.
    /// </remarks>
    public const string Append = """
        local field = ARGV[3]
        if field ~= '' then
          local seq = redis.call('HGET', KEYS[3], field)
          if seq then
            local original = redis.call('ZRANGE', KEYS[2], seq, seq, 'BYSCORE')[1]
            if original then
              redis.call(ARGV[1], KEYS[4], 'M' .. original)
              return {1, original}
            end
          end
        end
        local seq = redis.call('INCR', KEYS[1])
        local record = '{"q":' .. string.format('%d', seq) .. ',' .. string.sub(ARGV[2], 2)
        redis.call('ZADD', KEYS[2], seq, record)
        if field ~= '' then redis.call('HSET', KEYS[3], field, seq) end
        redis.call(ARGV[1], KEYS[4], 'M' .. record)
        return {0, record}
        """;
}
