using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatRoom.InMemory.Internal;

/// <summary>Each room's history in memory, bounded per room.</summary>
internal sealed class InMemoryMessageStore(IOptions<InMemoryOptions> options) : IMessageStore
{
    private readonly ConcurrentDictionary<string, RoomLog> _rooms = new(StringComparer.Ordinal);

    public Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var log = _rooms.GetOrAdd(message.Room, static (_, capacity) => new RoomLog(capacity), options.Value.MaxHistoryPerRoom);
        return Task.FromResult(log.Append(message));
    }

    public Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        GetBeforeAsync(room, long.MaxValue, limit, cancellationToken);

    public Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Task.FromResult(_rooms.TryGetValue(room, out var log) ? log.ReadBefore(beforeSeq, limit) : MessagePage.Empty);
    }

    public Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Task.FromResult(_rooms.TryGetValue(room, out var log) ? log.ReadAfter(afterSeq, limit) : MessagePage.Empty);
    }
}
