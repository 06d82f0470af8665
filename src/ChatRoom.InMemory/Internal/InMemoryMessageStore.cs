using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatRoom.InMemory.Internal;

/// <summary>Each room's history in memory, within the budget of <see cref="InMemoryOptions"/>.</summary>
/// <remarks>
/// <para>
/// Appends and reads touch only their room's log (and one shared counter for the least-recently-used order). When an
/// append takes the store over <see cref="InMemoryOptions.MaxRooms"/> or <see cref="InMemoryOptions.MaxHistoryBytes"/>,
/// that append also runs an eviction pass (one at a time): rooms without members, least recently used first, are
/// forgotten until the store is back under 90 % of both, so that a pass runs once per many new rooms rather than on
/// every append. If the bytes are still over, the rooms holding the most lose their oldest messages.
/// </para>
/// <para>
/// Rooms with members are kept, so a pass may end above the room budget; the next pass then waits until the store
/// has grown by another tenth of the budget, instead of scanning every room on every append.
/// </para>
/// </remarks>
internal sealed class InMemoryMessageStore : IMessageStore
{
    private readonly ConcurrentDictionary<string, RoomLog> _rooms = new(StringComparer.Ordinal);
    private readonly SeqFloor _seqFloor = new();
    private readonly IConnectionStore _connections;
    private readonly int _maxHistoryPerRoom;
    private readonly int _maxRooms;
    private readonly long _maxBytes;
    private long _clock;
    private long _bytes;
    private int _roomCount;
    private int _evicting;
    private int _roomsTrigger;
    private long _bytesTrigger;

    public InMemoryMessageStore(IConnectionStore connections, IOptions<InMemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(options);
        _connections = connections;
        _maxHistoryPerRoom = options.Value.MaxHistoryPerRoom;
        _maxRooms = options.Value.MaxRooms;
        _maxBytes = options.Value.MaxHistoryBytes;
        _roomsTrigger = _maxRooms;
        _bytesTrigger = _maxBytes;
    }

    /// <summary>Gets how many rooms the store holds.</summary>
    public int RoomCount => Volatile.Read(ref _roomCount);

    /// <summary>Gets the estimated bytes all rooms hold.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    private bool IsOverBudget => RoomCount > Volatile.Read(ref _roomsTrigger) || Bytes > Interlocked.Read(ref _bytesTrigger);

    public Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = Append(message);
        return IsOverBudget ? EvictAfterAsync(result, message.Room) : Task.FromResult(result);
    }

    public Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        GetBeforeAsync(room, long.MaxValue, limit, cancellationToken);

    public Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Task.FromResult(_rooms.TryGetValue(room, out var log) ? log.ReadBefore(beforeSeq, limit, NextStamp()) : MessagePage.Empty);
    }

    public Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Task.FromResult(_rooms.TryGetValue(room, out var log) ? log.ReadAfter(afterSeq, limit, NextStamp()) : MessagePage.Empty);
    }

    private AppendResult Append(NewChatMessage message)
    {
        while (true)
        {
            var log = GetOrAddLog(message.Room);
            if (log.TryAppend(message, NextStamp(), out var bytesAdded) is { } result)
            {
                Interlocked.Add(ref _bytes, bytesAdded);
                return result;
            }

            // Forgotten by a pass that has not removed it yet: remove it here and append to a new log.
            Remove(log);
        }
    }

    private RoomLog GetOrAddLog(string room)
    {
        if (_rooms.TryGetValue(room, out var log))
        {
            return log;
        }

        var added = new RoomLog(room, _maxHistoryPerRoom, _seqFloor);
        if (_rooms.TryAdd(room, added))
        {
            Interlocked.Increment(ref _roomCount);
            return added;
        }

        return _rooms.TryGetValue(room, out log) ? log : GetOrAddLog(room);
    }

    /// <summary>Removes a forgotten log, once: both the pass and an append that found it frozen may try.</summary>
    private void Remove(RoomLog forgotten)
    {
        if (_rooms.TryRemove(KeyValuePair.Create(forgotten.Room, forgotten)))
        {
            Interlocked.Decrement(ref _roomCount);
            Interlocked.Add(ref _bytes, -forgotten.Bytes);
        }
    }

    private long NextStamp() => Interlocked.Increment(ref _clock);

    private async Task<AppendResult> EvictAfterAsync(AppendResult appended, string appendingRoom)
    {
        // Re-checked after each pass: an append that found a pass under way left its overshoot to it.
        while (IsOverBudget && Interlocked.CompareExchange(ref _evicting, 1, 0) == 0)
        {
            try
            {
                await EvictAsync(appendingRoom).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _evicting, 0);
            }
        }

        return appended;
    }

    private async Task EvictAsync(string appendingRoom)
    {
        var roomsTarget = _maxRooms - (_maxRooms / 10);
        var bytesTarget = _maxBytes - (_maxBytes / 10);
        // Enumerating the dictionary takes none of its locks (its Values property would take all of them). A list,
        // not LINQ's ToArray, whose pooled buffers would keep the size of the largest pass.
        var others = new List<RoomLog>(RoomCount);
        foreach (var (room, log) in _rooms)
        {
            if (!string.Equals(room, appendingRoom, StringComparison.Ordinal))
            {
                others.Add(log);
            }
        }

        var candidates = others.ToArray();
        var lastUsed = Array.ConvertAll(candidates, static log => log.LastUsed);
        Array.Sort(lastUsed, candidates);

        for (var i = 0; i < candidates.Length && (RoomCount > roomsTarget || Bytes > bytesTarget); i++)
        {
            var log = candidates[i];

            // Used since the snapshot: no longer among the least recently used (TryForget checks again under its lock).
            if (log.LastUsed != lastUsed[i] || await HasMembersAsync(log.Room).ConfigureAwait(false))
            {
                continue;
            }

            if (log.TryForget(lastUsed[i]))
            {
                Remove(log);
            }
        }

        if (Bytes > bytesTarget)
        {
            TrimLargestRooms(bytesTarget);
        }

        // What members kept stays; the next pass waits for another tenth of the budget on top of it.
        Volatile.Write(ref _roomsTrigger, Math.Max(_maxRooms, RoomCount + Math.Max(1, _maxRooms / 10)));
        Interlocked.Exchange(ref _bytesTrigger, Math.Max(_maxBytes, Bytes + Math.Max(1, _maxBytes / 10)));
    }

    private async Task<bool> HasMembersAsync(string room)
    {
        try
        {
            var page = await _connections.GetMembersAsync(room, null, 1, CancellationToken.None).ConfigureAwait(false);
            return page.Members.Count > 0;
        }
        catch (ChatStoreUnavailableException)
        {
            // Unknown is kept: forgetting a room in use would cost its members their history.
            return true;
        }
    }

    /// <summary>Drops the oldest messages of the room holding the most bytes, then the next, until the store is under the target.</summary>
    private void TrimLargestRooms(long bytesTarget)
    {
        var largest = new PriorityQueue<RoomLog, long>(RoomCount, Comparer<long>.Create(static (a, b) => b.CompareTo(a)));
        foreach (var (_, log) in _rooms)
        {
            largest.Enqueue(log, log.Bytes);
        }

        while (Bytes > bytesTarget && largest.TryDequeue(out var log, out _))
        {
            // Down to the next largest room at most, so that the biggest rooms shrink together rather than one to nothing.
            var next = largest.TryPeek(out _, out var nextBytes) ? nextBytes : 0;
            var freed = log.TrimOldest(Math.Max(next, log.Bytes - (Bytes - bytesTarget)));
            if (freed > 0)
            {
                Interlocked.Add(ref _bytes, -freed);
                largest.Enqueue(log, log.Bytes);
            }
        }
    }
}
