using StackExchange.Redis;

namespace ChatRoom.Redis.Internal;

/// <summary>Every key and channel the Redis adapter uses, in one place.</summary>
/// <remarks>
/// A room's keys and channel share the hash tag <c>{room}</c>, and a connection's keys the tag <c>{connection id}</c>,
/// so each script touches one Redis Cluster slot. Room names and connection ids never contain braces.
/// </remarks>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>The room's last assigned seq (a counter).</summary>
    public RedisKey RoomSeq(string room) => $"{prefix}:{{{room}}}:seq";

    /// <summary>The room's history: a sorted set of message records scored by seq.</summary>
    public RedisKey RoomHistory(string room) => $"{prefix}:{{{room}}}:history";

    /// <summary>The room's de-duplication index: a hash of sender user id and client message id to seq.</summary>
    public RedisKey RoomDedup(string room) => $"{prefix}:{{{room}}}:dedup";

    /// <summary>The room's members: a sorted set of connection ids, all scored 0, so that it is ordered by id.</summary>
    public RedisKey RoomMembers(string room) => $"{prefix}:{{{room}}}:members";

    /// <summary>The room's members as they are listed: a hash of connection id to member record.</summary>
    public RedisKey RoomMemberRecords(string room) => $"{prefix}:{{{room}}}:member-records";

    /// <summary>The room's channel: everything broadcast to the room, in the order Redis ran the publishes.</summary>
    public string RoomChannel(string room) => $"{prefix}:{{{room}}}:events";

    /// <summary>The connection's record.</summary>
    public RedisKey Connection(string connectionId) => $"{prefix}:conn:{{{connectionId}}}";

    /// <summary>The rooms the connection is in: a set.</summary>
    public RedisKey ConnectionRooms(string connectionId) => $"{prefix}:conn:{{{connectionId}}}:rooms";

    /// <summary>The node that holds the connection's socket (set by the backplane, for any store).</summary>
    public RedisKey ConnectionOwner(string connectionId) => $"{prefix}:conn:{{{connectionId}}}:node";

    /// <summary>The live nodes: a sorted set of node ids scored by when their lease ends (Redis time, ms).</summary>
    public RedisKey Nodes => $"{prefix}:nodes";

    /// <summary>The connections a node holds: a set.</summary>
    public RedisKey NodeConnections(string nodeId) => $"{prefix}:node:{{{nodeId}}}:conns";

    /// <summary>Held by the node that removes a dead node's connections, so that only one does it at a time.</summary>
    public RedisKey NodeSweepLock(string nodeId) => $"{prefix}:node:{{{nodeId}}}:sweep";

    /// <summary>The node's own channel: sends and closes for connections it holds, from other nodes.</summary>
    public string NodeChannel(string nodeId) => $"{prefix}:node:{{{nodeId}}}:events";
}
