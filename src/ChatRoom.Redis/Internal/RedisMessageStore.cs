using StackExchange.Redis;

namespace ChatRoom.Redis.Internal;

/// <summary>Each room's history in Redis, appended and published to the room in one script.</summary>
/// <remarks>
/// A room's seq counter (<see cref="RedisKeys.RoomSeq"/>), history (<see cref="RedisKeys.RoomHistory"/>, a sorted set
/// of <see cref="RedisMessageRecord"/> scored by seq), de-dup index (<see cref="RedisKeys.RoomDedup"/>, user id and
/// client message id to seq) and channel (<see cref="RedisKeys.RoomChannel"/>) share the tag <c>{room}</c>, so the
/// append (<see cref="MessageScripts.Append"/>) is one atomic script on one slot: the seq is taken and the message
/// stored in one step, so a page's range has nothing to seal, and a failed append stores nothing. Every append is
/// published by the script (<see cref="AppendResult.IsPublished"/>): the payload is <c>M</c> and the stored record.
/// History is kept until the keys are deleted.
/// </remarks>
internal sealed class RedisMessageStore(RedisConnection redis) : IMessageStore
{
    private readonly RedisKeys _keys = redis.Keys;

    public async Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var room = message.Room;
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var publish = await redis.UsesShardedPubSubAsync().ConfigureAwait(false) ? "SPUBLISH" : "PUBLISH";
        var dedupField = message.ClientMessageId is { } clientMessageId ? message.Sender.UserId + "\n" + clientMessageId : string.Empty;
        var reply = await RedisFailures.RunAsync(() => database.ScriptEvaluateAsync(
            MessageScripts.Append,
            [_keys.RoomSeq(room), _keys.RoomHistory(room), _keys.RoomDedup(room), _keys.RoomChannel(room)],
            [publish, RedisMessageRecord.SerializeWithoutSeq(message), dedupField])).ConfigureAwait(false);
        var parts = (RedisResult[])reply!;
        return new AppendResult
        {
            Message = RedisMessageRecord.Parse(room, (byte[])parts[1]!),
            IsDuplicate = (long)parts[0] == 1,
            IsPublished = true,
        };
    }

    public Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        GetBeforeAsync(room, long.MaxValue, limit, cancellationToken);

    public async Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var (messages, hasMore) = await ReadAsync(room, beforeSeq == long.MaxValue ? double.PositiveInfinity : beforeSeq, double.NegativeInfinity, Order.Descending, limit).ConfigureAwait(false);
        return Page(messages, hasMore, from: messages.Length > 0 ? messages[0].Seq : 0);
    }

    public async Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var (messages, hasMore) = await ReadAsync(room, afterSeq, double.PositiveInfinity, Order.Ascending, limit).ConfigureAwait(false);

        // Seqs are taken and stored in one step, so no seq between the caller's and the first listed is still to come.
        return Page(messages, hasMore, from: Math.Max(afterSeq + 1, 1));
    }

    /// <summary>Reads up to <paramref name="limit"/> records from <paramref name="start"/> (excluded) towards <paramref name="stop"/>.</summary>
    /// <returns>The messages in ascending seq order, and whether more lie beyond them (one more is read to tell).</returns>
    private async Task<(ChatMessage[] Messages, bool HasMore)> ReadAsync(string room, double start, double stop, Order order, int limit)
    {
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var records = await RedisFailures.RunAsync(() => database.SortedSetRangeByScoreAsync(
            _keys.RoomHistory(room), start, stop, Exclude.Start, order, take: (long)limit + 1)).ConfigureAwait(false);
        var count = Math.Min(records.Length, limit);
        var messages = new ChatMessage[count];
        for (var i = 0; i < count; i++)
        {
            messages[order == Order.Descending ? count - 1 - i : i] = RedisMessageRecord.Parse(room, (byte[])records[i]!);
        }

        return (messages, records.Length > limit);
    }

    private static MessagePage Page(ChatMessage[] messages, bool hasMore, long from) => messages.Length == 0
        ? new MessagePage { Messages = messages, HasMore = hasMore }
        : new MessagePage { Messages = messages, HasMore = hasMore, Range = new SeqRange(from, messages[^1].Seq) };
}
