namespace ChatRoom.Redis.Internal;

/// <summary>The Lua scripts of <see cref="RedisConnectionStore"/>; each touches the keys of one hash tag, so one cluster slot.</summary>
/// <remarks>
/// StackExchange.Redis sends a script by its SHA once the server knows it and again in full after <c>NOSCRIPT</c>
/// (a restarted server), so they are plain strings.
/// </remarks>
internal static class ConnectionScripts
{
    /// <summary>The join's first step, on the connection's slot: the room cap, checked and taken atomically.</summary>
    /// <remarks>
    /// KEYS: <see cref="RedisKeys.Connection"/>, <see cref="RedisKeys.ConnectionRooms"/>. ARGV: room, max rooms.
    /// Returns 0 joined, 1 already a member, 2 too many rooms, 3 not registered (<see cref="ToJoinResult"/>).
    /// </remarks>
    public const string Join = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 3 end
        if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 1 end
        if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 2 end
        redis.call('SADD', KEYS[2], ARGV[1])
        return 0
        """;

    /// <summary>Lists a connection in a room, on the room's slot.</summary>
    /// <remarks>KEYS: <see cref="RedisKeys.RoomMembers"/>, <see cref="RedisKeys.RoomMemberRecords"/>. ARGV: connection id, member record.</remarks>
    public const string AddMember = """
        redis.call('ZADD', KEYS[1], 0, ARGV[1])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        return 1
        """;

    /// <summary>Takes a connection off a room's list, on the room's slot.</summary>
    /// <remarks>KEYS: <see cref="RedisKeys.RoomMembers"/>, <see cref="RedisKeys.RoomMemberRecords"/>. ARGV: connection id.</remarks>
    public const string RemoveMember = """
        redis.call('HDEL', KEYS[2], ARGV[1])
        return redis.call('ZREM', KEYS[1], ARGV[1])
        """;

    /// <summary>
    /// The removal's first step, on the connection's slot: deletes the record (so that joins from now on find the
    /// connection unregistered) and returns its rooms, whose set stays until their memberships are gone.
    /// </summary>
    /// <remarks>KEYS: <see cref="RedisKeys.Connection"/>, <see cref="RedisKeys.ConnectionRooms"/>.</remarks>
    public const string Unregister = """
        redis.call('DEL', KEYS[1])
        return redis.call('SMEMBERS', KEYS[2])
        """;

    /// <summary>One page of a room's members, on the room's slot: ids in order (ordinal, all scored 0) and their records.</summary>
    /// <remarks>
    /// KEYS: <see cref="RedisKeys.RoomMembers"/>, <see cref="RedisKeys.RoomMemberRecords"/>. ARGV: the lexical start
    /// (<c>-</c>, or <c>(</c> and the id to start after), how many. Returns the ids and the records (HMGET, in chunks
    /// because Lua's <c>unpack</c> takes a few thousand values at most).
    /// </remarks>
    public const string MembersPage = """
        local ids = redis.call('ZRANGE', KEYS[1], ARGV[1], '+', 'BYLEX', 'LIMIT', 0, tonumber(ARGV[2]))
        local records = {}
        for first = 1, #ids, 1000 do
          local last = math.min(first + 999, #ids)
          local chunk = redis.call('HMGET', KEYS[2], unpack(ids, first, last))
          for i = 1, #chunk do records[first + i - 1] = chunk[i] end
        end
        return {ids, records}
        """;

    public static RoomJoinResult ToJoinResult(long reply) => reply switch
    {
        0 => RoomJoinResult.Joined,
        1 => RoomJoinResult.AlreadyMember,
        2 => RoomJoinResult.TooManyRooms,
        3 => RoomJoinResult.NotRegistered,
        _ => throw new InvalidOperationException($"The join script returned {reply}."),
    };
}
