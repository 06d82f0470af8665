using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Redis.Internal;

/// <summary>Connections and memberships in Redis, shared by every node.</summary>
/// <remarks>
/// <para>
/// A connection is its record (<see cref="RedisKeys.Connection"/>, a <see cref="RedisConnectionRecord"/>) and the set
/// of its rooms (<see cref="RedisKeys.ConnectionRooms"/>), both under the tag <c>{connection id}</c>. A room lists its
/// members in <see cref="RedisKeys.RoomMembers"/> (a sorted set, every id scored 0, so <c>ZRANGE … BYLEX</c> pages
/// by connection id, ordinal) and <see cref="RedisKeys.RoomMemberRecords"/> (id to <see cref="RedisMemberRecord"/>),
/// under the tag <c>{room}</c>.
/// </para>
/// <para>
/// A room and a connection live on different cluster slots, so no script can touch both: a join takes the room cap
/// on the connection's slot first (atomic, so concurrent joins never exceed it), then lists the member on the room's
/// slot, also when it already was a member, which repairs a join whose second step failed. A removal deletes the
/// record first, so that no join passes its first step after that, then the memberships room by room, then the set
/// of rooms (last, so that a retried removal finds them). A join whose first step ran just before a removal and whose
/// second step lands after the removal cleared that room can still leave the room listing a connection that is gone
/// (a send to it finds no socket): the two steps cannot be made one across slots. Registrations never expire (see
/// <see cref="RedisOptions.ConnectionTimeToLive"/>).
/// </para>
/// </remarks>
internal sealed class RedisConnectionStore(RedisConnection redis, IOptions<RedisOptions> options) : IConnectionStore
{
    private readonly RedisKeys _keys = redis.Keys;

    public TimeSpan? ConnectionTimeToLive => options.Value.ConnectionTimeToLive;

    public async Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        await RedisFailures.RunAsync(() => database.StringSetAsync(_keys.Connection(connection.ConnectionId), RedisConnectionRecord.Serialize(connection))).ConfigureAwait(false);
    }

    public async Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var record = await RedisFailures.RunAsync(() => database.StringGetAsync(_keys.Connection(connectionId))).ConfigureAwait(false);
        return record.IsNull ? null : RedisConnectionRecord.Parse((byte[])record!);
    }

    public async Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var roomsKey = _keys.ConnectionRooms(connectionId);
        var reply = await RedisFailures.RunAsync(() => database.ScriptEvaluateAsync(
            ConnectionScripts.Unregister,
            [_keys.Connection(connectionId), roomsKey])).ConfigureAwait(false);
        var rooms = Array.ConvertAll((RedisValue[])reply!, static room => (string)room!);
        foreach (var room in rooms)
        {
            await RemoveMemberAsync(database, room, connectionId).ConfigureAwait(false);
        }

        // Last, so that a removal that failed half-way finds the rooms again when it is retried.
        await RedisFailures.RunAsync(() => database.KeyDeleteAsync(roomsKey)).ConfigureAwait(false);
        return rooms;
    }

    public async Task<RoomJoinResult> JoinRoomAsync(string room, ConnectionInfo connection, int maxRooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(connection);
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var reply = await RedisFailures.RunAsync(() => database.ScriptEvaluateAsync(
            ConnectionScripts.Join,
            [_keys.Connection(connection.ConnectionId), _keys.ConnectionRooms(connection.ConnectionId)],
            [room, maxRooms])).ConfigureAwait(false);
        var result = ConnectionScripts.ToJoinResult((long)reply);
        if (result is not (RoomJoinResult.Joined or RoomJoinResult.AlreadyMember))
        {
            return result;
        }

        var member = JsonSerializer.SerializeToUtf8Bytes(RedisMemberRecord.From(connection.Member), RedisJsonContext.Default.RedisMemberRecord);
        await RedisFailures.RunAsync(() => database.ScriptEvaluateAsync(
            ConnectionScripts.AddMember,
            [_keys.RoomMembers(room), _keys.RoomMemberRecords(room)],
            [connection.ConnectionId, member])).ConfigureAwait(false);

        return result;
    }

    public async Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(connectionId);
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);

        // The room first, so that broadcasts stop even when the second step fails; a retried leave finishes it.
        await RemoveMemberAsync(database, room, connectionId).ConfigureAwait(false);
        return await RedisFailures.RunAsync(() => database.SetRemoveAsync(_keys.ConnectionRooms(connectionId), room)).ConfigureAwait(false);
    }

    public async Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);

        // One more than a page tells whether another page exists, so the last page has no token.
        var reply = await RedisFailures.RunAsync(() => database.ScriptEvaluateAsync(
            ConnectionScripts.MembersPage,
            [_keys.RoomMembers(room), _keys.RoomMemberRecords(room)],
            [continuationToken is null ? "-" : "(" + continuationToken, (long)pageSize + 1])).ConfigureAwait(false);
        var parts = (RedisResult[])reply!;
        var ids = (RedisValue[])parts[0]!;
        var records = (RedisValue[])parts[1]!;
        var count = Math.Min(ids.Length, pageSize);
        var members = new List<ChatMember>(count);
        for (var i = 0; i < count; i++)
        {
            // A member listed without a record cannot be: both are written by one script.
            if (i < records.Length && !records[i].IsNull)
            {
                var record = JsonSerializer.Deserialize((byte[])records[i]!, RedisJsonContext.Default.RedisMemberRecord);
                members.Add(record!.ToMember());
            }
        }

        return new MemberPage { Members = members, ContinuationToken = ids.Length > pageSize ? (string)ids[pageSize - 1]! : null };
    }

    public async Task<bool> RenewConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        return await RedisFailures.RunAsync(() => database.KeyExistsAsync(_keys.Connection(connectionId))).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var rooms = await RedisFailures.RunAsync(() => database.SetMembersAsync(_keys.ConnectionRooms(connectionId))).ConfigureAwait(false);
        return Array.ConvertAll(rooms, static room => (string)room!);
    }

    private Task<RedisResult> RemoveMemberAsync(IDatabase database, string room, string connectionId) =>
        RedisFailures.RunAsync(() => database.ScriptEvaluateAsync(
            ConnectionScripts.RemoveMember,
            [_keys.RoomMembers(room), _keys.RoomMemberRecords(room)],
            [connectionId]));
}
