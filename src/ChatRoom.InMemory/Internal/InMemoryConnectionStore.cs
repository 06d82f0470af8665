using System.Collections.Concurrent;

namespace ChatRoom.InMemory.Internal;

/// <summary>Connections and memberships in memory.</summary>
/// <remarks>
/// Changes take one lock so that a connection's rooms and each room's roster always agree. Reads are lock-free:
/// rosters are immutable arrays sorted by connection id, swapped on change, so a broadcast pages through a
/// snapshot without copying it.
/// </remarks>
internal sealed class InMemoryConnectionStore : IConnectionStore
{
    private static readonly Task<IReadOnlyList<string>> s_noRooms = Task.FromResult<IReadOnlyList<string>>([]);

    private readonly ConcurrentDictionary<string, ConnectionEntry> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChatMember[]> _rosters = new(StringComparer.Ordinal);
    private readonly Lock _changes = new();

    /// <summary>Gets <see langword="null"/>: connections in this process's memory live until they are removed.</summary>
    public TimeSpan? ConnectionTimeToLive => null;

    public Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_changes)
        {
            var rooms = _connections.TryGetValue(connection.ConnectionId, out var existing) ? existing.Rooms : [];
            _connections[connection.ConnectionId] = new ConnectionEntry(connection, rooms);
        }

        return Task.CompletedTask;
    }

    public Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return Task.FromResult(_connections.TryGetValue(connectionId, out var entry) ? entry.Connection : null);
    }

    public Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        lock (_changes)
        {
            if (!_connections.TryRemove(connectionId, out var entry))
            {
                return s_noRooms;
            }

            foreach (var room in entry.Rooms)
            {
                RemoveFromRoster(room, connectionId);
            }

            return Task.FromResult<IReadOnlyList<string>>(entry.Rooms);
        }
    }

    public Task<RoomJoinResult> JoinRoomAsync(string room, ConnectionInfo connection, int maxRooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(connection);
        lock (_changes)
        {
            if (!_connections.TryGetValue(connection.ConnectionId, out var entry))
            {
                return Task.FromResult(RoomJoinResult.NotRegistered);
            }

            if (entry.Rooms.Contains(room, StringComparer.Ordinal))
            {
                return Task.FromResult(RoomJoinResult.AlreadyMember);
            }

            if (entry.Rooms.Length >= maxRooms)
            {
                return Task.FromResult(RoomJoinResult.TooManyRooms);
            }

            _connections[connection.ConnectionId] = entry with { Rooms = [.. entry.Rooms, room] };
            var roster = _rosters.GetValueOrDefault(room) ?? [];
            var member = connection.Member;
            var index = ~Array.BinarySearch(roster, member, MemberOrder.Instance);
            _rosters[room] = [.. roster.AsSpan(0, index), member, .. roster.AsSpan(index)];
            return Task.FromResult(RoomJoinResult.Joined);
        }
    }

    public Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(connectionId);
        lock (_changes)
        {
            if (!_connections.TryGetValue(connectionId, out var entry) || !entry.Rooms.Contains(room, StringComparer.Ordinal))
            {
                return Task.FromResult(false);
            }

            _connections[connectionId] = entry with { Rooms = [.. entry.Rooms.Where(r => r != room)] };
            RemoveFromRoster(room, connectionId);
            return Task.FromResult(true);
        }
    }

    public Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (!_rosters.TryGetValue(room, out var roster))
        {
            return Task.FromResult(MemberPage.Empty);
        }

        // The token is the last connection id of the previous page: members who join or leave
        // between pages never make the next page skip or repeat anyone else.
        var start = 0;
        if (continuationToken is not null)
        {
            var found = Array.BinarySearch(roster, Probe(continuationToken), MemberOrder.Instance);
            start = found >= 0 ? found + 1 : ~found;
        }

        var count = Math.Min(pageSize, roster.Length - start);
        var page = new ArraySegment<ChatMember>(roster, start, count);
        var next = start + count < roster.Length ? roster[start + count - 1].ConnectionId : null;
        return Task.FromResult(new MemberPage { Members = page, ContinuationToken = next });
    }

    public Task<bool> RenewConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return Task.FromResult(_connections.ContainsKey(connectionId));
    }

    public Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return _connections.TryGetValue(connectionId, out var entry) ? Task.FromResult<IReadOnlyList<string>>(entry.Rooms) : s_noRooms;
    }

    /// <summary>A member to search a roster for by connection id (<see cref="MemberOrder"/> compares nothing else).</summary>
    private static ChatMember Probe(string connectionId) => new() { ConnectionId = connectionId, Name = string.Empty, UserId = string.Empty };

    private void RemoveFromRoster(string room, string connectionId)
    {
        if (!_rosters.TryGetValue(room, out var roster))
        {
            return;
        }

        var index = Array.BinarySearch(roster, Probe(connectionId), MemberOrder.Instance);
        if (index < 0)
        {
            return;
        }

        if (roster.Length == 1)
        {
            _rosters.TryRemove(room, out _);
        }
        else
        {
            _rosters[room] = [.. roster.AsSpan(0, index), .. roster.AsSpan(index + 1)];
        }
    }

    /// <summary>A connection and the rooms it is in (an immutable array, replaced on change).</summary>
    private sealed record ConnectionEntry(ConnectionInfo Connection, string[] Rooms);
}
