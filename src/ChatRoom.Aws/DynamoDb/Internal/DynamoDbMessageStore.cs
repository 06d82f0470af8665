using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Room history in DynamoDB: an atomic per-room counter for seq, one item per message, conditional de-duplication.</summary>
/// <remarks>
/// <para>
/// Appending is: ADD 1 to the room's counter (atomic across every Lambda instance); then, with a client message id, a
/// conditional put of its de-duplication claim, which carries the whole message (a resend fails it, reads the claim,
/// and gives its seq back while that is still the room's last); then a conditional put of the SEQ# item. A resend
/// that finds the claim completes the original's SEQ# item if it is missing, so a failure between the two puts loses
/// nothing. A seq taken by a failed append, or by a resend that could not give it back because another append took a
/// later one, is never reused: sequence numbers are strictly increasing and skip only after such failures and races.
/// </para>
/// <para>
/// A seq is taken before its message is stored, so a read can find a hole: a seq with no SEQ# item, whose append
/// failed, is still in flight in another execution environment, or will be completed by a resend. A read that states
/// a range (<see cref="MessagePage.Range"/>) seals each hole in it with a tombstone (a conditional put, so a message
/// that landed meanwhile is read and listed instead), and only holes below an item it found, so an append in flight
/// above the newest message is left alone. An append, or a resend, whose SEQ# put finds a tombstone takes a new seq,
/// moves its claim there (on condition of the old seq, so concurrent resends agree) and stores the message at it: a
/// sealed seq is never delivered, and the message that lost the race is delivered later, at a higher seq.
/// </para>
/// <para>Every read is strongly consistent: a history read right after an append must see it, wherever it ran.</para>
/// </remarks>
internal sealed class DynamoDbMessageStore(DynamoDbClientAccessor clientAccessor, IOptions<DynamoDbOptions> options, TimeProvider timeProvider) : IMessageStore
{
    /// <summary>The most holes one read seals; its range stops before the first hole left open (and it says there is more).</summary>
    public const int MaxSealsPerRead = 100;

    private const string LastSeqAttribute = "lastSeq";
    private const string WriterAttribute = "writer";

    /// <summary>On the counter: a token of the append that last took a seq and may give it back.</summary>
    private const string TakerAttribute = "taker";

    /// <summary>Seals run in parallel up to this many requests, so a read with many holes stays quick without a burst of 100.</summary>
    private const int SealConcurrency = 8;

    private readonly IAmazonDynamoDB _client = clientAccessor.Client;
    private readonly string _table = options.Value.TableName;
    private readonly DynamoDbOptions _options = options.Value;

    public Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return DynamoDbFaults.TranslateAsync("UpdateItem + PutItem (append)", _table, async () =>
        {
            var partition = TableKeys.Messages(message.Room);
            var claimKey = message.ClientMessageId is { } id ? TableKeys.Deduplication(message.Sender.UserId, id) : null;
            var taker = claimKey is null ? null : Guid.NewGuid().ToString("N");
            var stored = message.WithSeq(await NextSeqAsync(message.Room, taker, cancellationToken).ConfigureAwait(false));
            if (claimKey is not null)
            {
                // No read first: a new message (nearly every one) pays only this conditional put, and a resend finds
                // the claim by failing it.
                var claim = MessageItems.ToItem(stored, partition, claimKey, timeProvider.GetUtcNow() + _options.DeduplicationWindow);
                if (!await TryPutNewAsync(claim, cancellationToken, replaceExpired: true).ConfigureAwait(false))
                {
                    // A resend, or a concurrent one that claimed it first: answer with the original.
                    var earlier = await ReadClaimAsync(partition, claimKey, cancellationToken).ConfigureAwait(false) ?? throw ClaimChanged();
                    await GiveBackSeqAsync(message.Room, stored.Seq, taker!, cancellationToken).ConfigureAwait(false);
                    return await StoreAsync(partition, claimKey, earlier, cancellationToken).ConfigureAwait(false);
                }
            }

            return await StoreAsync(partition, claimKey, stored, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        GetBeforeAsync(room, long.MaxValue, limit, cancellationToken);

    public Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (beforeSeq <= 1)
        {
            return Task.FromResult(MessagePage.Empty);
        }

        return DynamoDbFaults.TranslateAsync("Query (history)", _table, async () =>
        {
            // Newest first from just below "before": the newest messages are listed, and the holes between them sealed.
            var upper = beforeSeq == long.MaxValue ? TableKeys.SeqPrefix + "~" : TableKeys.Seq(beforeSeq - 1);
            var items = await QueryAsync(room, TableKeys.Seq(1), upper, newestFirst: true, limit + 1, cancellationToken).ConfigureAwait(false);
            var candidates = items.Where(static item => item.Message is not null).Take(limit).Select(static item => item.Message!).ToList();
            if (candidates.Count == 0)
            {
                return MessagePage.Empty;
            }

            var hasMore = items.Count(static item => item.Message is not null) > limit;
            var high = candidates[0].Seq;
            var low = candidates[^1].Seq;
            var holes = Holes(items.Where(item => item.Seq >= low && item.Seq <= high).Select(static item => item.Seq), high, low, descending: true);
            if (holes.Count > MaxSealsPerRead)
            {
                low = holes[MaxSealsPerRead] + 1;
                holes.RemoveRange(MaxSealsPerRead, holes.Count - MaxSealsPerRead);
                candidates.RemoveAll(message => message.Seq < low);
                hasMore = true;
            }

            var messages = candidates.Concat(await SealAsync(room, holes, cancellationToken).ConfigureAwait(false)).OrderBy(static m => m.Seq).ToList();
            if (messages.Count > limit)
            {
                // Messages that landed in holes as they were sealed: keep the newest, as the page reads backwards.
                messages.RemoveRange(0, messages.Count - limit);
                hasMore = true;
            }

            return new MessagePage { Messages = messages, HasMore = hasMore, Range = new SeqRange(messages[0].Seq, messages[^1].Seq) };
        }, cancellationToken);
    }

    public Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (afterSeq == long.MaxValue)
        {
            return Task.FromResult(MessagePage.Empty);
        }

        return DynamoDbFaults.TranslateAsync("Query (history)", _table, async () =>
        {
            var from = Math.Max(afterSeq + 1, 1);
            var items = await QueryAsync(room, TableKeys.Seq(from), TableKeys.SeqPrefix + "~", newestFirst: false, limit + 1, cancellationToken).ConfigureAwait(false);
            if (items.Count == 0)
            {
                return MessagePage.Empty;
            }

            // The range ends at the highest item found (nothing above it is disturbed), or at the last message listed
            // when there are more than a page.
            var messageItems = items.Where(static item => item.Message is not null).ToList();
            var hasMore = messageItems.Count > limit;
            var to = hasMore ? messageItems[limit - 1].Seq : items[^1].Seq;
            var holes = Holes(items.Where(item => item.Seq <= to).Select(static item => item.Seq), from, to, descending: false);
            if (holes.Count > MaxSealsPerRead)
            {
                to = holes[MaxSealsPerRead] - 1;
                holes.RemoveRange(MaxSealsPerRead, holes.Count - MaxSealsPerRead);
                hasMore = true;
            }

            var listed = messageItems.Where(item => item.Seq <= to).Select(static item => item.Message!);
            var messages = listed.Concat(await SealAsync(room, holes, cancellationToken).ConfigureAwait(false)).OrderBy(static m => m.Seq).ToList();
            if (messages.Count > limit)
            {
                messages.RemoveRange(limit, messages.Count - limit);
                to = messages[^1].Seq;
                hasMore = true;
            }

            return new MessagePage { Messages = messages, HasMore = hasMore, Range = new SeqRange(from, to) };
        }, cancellationToken);
    }

    /// <summary>
    /// The seqs from <paramref name="start"/> towards <paramref name="end"/> (both included) that no item holds, in
    /// reading order, at most one more than <see cref="MaxSealsPerRead"/>, so the caller sees whether it must stop early.
    /// </summary>
    /// <param name="present">The seqs of the items found, in reading order, all between <paramref name="start"/> and <paramref name="end"/>.</param>
    /// <param name="start">The first seq of the range, where the read starts.</param>
    /// <param name="end">The last seq of the range.</param>
    /// <param name="descending">Whether the read goes from high seqs to low ones.</param>
    private static List<long> Holes(IEnumerable<long> present, long start, long end, bool descending)
    {
        var holes = new List<long>();
        var step = descending ? -1 : 1;
        var expected = start;
        foreach (var seq in present.Append(end + step))
        {
            for (; (descending ? expected > seq : expected < seq) && holes.Count <= MaxSealsPerRead; expected += step)
            {
                holes.Add(expected);
            }

            expected = seq + step;
        }

        return holes;
    }

    /// <summary>Reads a room's SEQ# items between two keys with a consistent Query, until <paramref name="messages"/> messages are found.</summary>
    private async Task<List<SeqItem>> QueryAsync(string room, string fromKey, string toKey, bool newestFirst, int messages, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = _table,
            KeyConditionExpression = "#pk = :pk AND #sk BETWEEN :from AND :to",
            ExpressionAttributeNames = new() { ["#pk"] = TableKeys.PartitionKey, ["#sk"] = TableKeys.SortKey },
            ExpressionAttributeValues = new()
            {
                [":pk"] = Attributes.S(TableKeys.Messages(room)),
                [":from"] = Attributes.S(fromKey),
                [":to"] = Attributes.S(toKey),
            },
            ScanIndexForward = !newestFirst,
            ConsistentRead = true,
        };
        var now = timeProvider.GetUtcNow();
        var items = await QueryPages.ReadAsync(
            _client,
            request,
            messages,
            static _ => true,
            item => !MessageItems.IsSealed(item) && !item.IsExpired(now),
            cancellationToken).ConfigureAwait(false);
        return items.ConvertAll(item => MessageItems.ToSeqItem(item, now));
    }

    /// <summary>Seals each hole with a tombstone; returns the messages that landed in holes before their seal could.</summary>
    private async Task<List<ChatMessage>> SealAsync(string room, List<long> holes, CancellationToken cancellationToken)
    {
        var landed = new ChatMessage?[holes.Count];
        await Parallel.ForAsync(0, holes.Count, new ParallelOptions { MaxDegreeOfParallelism = SealConcurrency, CancellationToken = cancellationToken }, async (i, token) =>
        {
            landed[i] = await SealAsync(TableKeys.Messages(room), holes[i], token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return [.. landed.OfType<ChatMessage>()];
    }

    private async Task<ChatMessage?> SealAsync(string partition, long seq, CancellationToken cancellationToken)
    {
        if (await TryPutNewAsync(MessageItems.Tombstone(partition, seq, RetentionExpiry()), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // Something holds the seq: another read's tombstone, or the message, which this read then lists.
        var existing = await GetSeqItemAsync(partition, seq, cancellationToken).ConfigureAwait(false);
        return existing is null ? null : MessageItems.ToSeqItem(existing, timeProvider.GetUtcNow()).Message;
    }

    /// <summary>Takes the room's next seq; <paramref name="taker"/>, when given, marks the counter as last moved by this call.</summary>
    private async Task<long> NextSeqAsync(string room, string? taker, CancellationToken cancellationToken)
    {
        var request = new UpdateItemRequest
        {
            TableName = _table,
            Key = Attributes.Key(TableKeys.Messages(room), TableKeys.CounterSortKey),
            UpdateExpression = "ADD #seq :one",
            ExpressionAttributeNames = new() { ["#seq"] = LastSeqAttribute },
            ExpressionAttributeValues = new() { [":one"] = Attributes.N(1) },
            ReturnValues = ReturnValue.UPDATED_NEW,
        };
        if (taker is not null)
        {
            request.UpdateExpression += " SET #taker = :taker";
            request.ExpressionAttributeNames["#taker"] = TakerAttribute;
            request.ExpressionAttributeValues[":taker"] = Attributes.S(taker);
        }

        var response = await _client.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Attributes.GetNumber(LastSeqAttribute);
    }

    /// <summary>
    /// Returns a seq a resend took but does not use, if nothing has moved the counter since this call's
    /// <see cref="NextSeqAsync"/> (it still holds that seq and this call's <paramref name="taker"/>): then no append took
    /// a later seq, so no item above it exists and no read can have sealed it (reads seal only below an item they
    /// found), and the next append stores its message there. Otherwise the seq stays unused, as after a failure. The
    /// update removes the taker, so an SDK retry of a give-back that landed cannot give back a seq another append has
    /// taken since (which would then be taken twice).
    /// </summary>
    private async Task GiveBackSeqAsync(string room, long seq, string taker, CancellationToken cancellationToken)
    {
        try
        {
            await _client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table,
                    Key = Attributes.Key(TableKeys.Messages(room), TableKeys.CounterSortKey),
                    UpdateExpression = "ADD #seq :minusOne REMOVE #taker",
                    ConditionExpression = "#seq = :taken AND #taker = :taker",
                    ExpressionAttributeNames = new() { ["#seq"] = LastSeqAttribute, ["#taker"] = TakerAttribute },
                    ExpressionAttributeValues = new() { [":minusOne"] = Attributes.N(-1), [":taken"] = Attributes.N(seq), [":taker"] = Attributes.S(taker) },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another append moved the counter since (or this is the SDK's retry of a give-back that landed).
        }
    }

    /// <summary>Reads a live de-duplication claim: the original message, or <see langword="null"/>.</summary>
    private async Task<ChatMessage?> ReadClaimAsync(string partition, string claimKey, CancellationToken cancellationToken)
    {
        var claim = await _client.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = Attributes.Key(partition, claimKey), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return claim.Item is { Count: > 0 } item && !item.IsExpired(timeProvider.GetUtcNow()) ? MessageItems.FromItem(item) : null;
    }

    /// <summary>
    /// Stores a message at its seq, or at a new one when a read sealed it first; reports it new when this call wrote its
    /// SEQ# item. For a resend that found the claim, this completes the original if an earlier append died before
    /// its SEQ# put: the original was then never broadcast, so it is reported new and the engine sends it. A concurrent
    /// resend that read the same claim may write the item first; it then reports new and this call the duplicate, so
    /// exactly one of them gets the message broadcast.
    /// </summary>
    private async Task<AppendResult> StoreAsync(string partition, string? claimKey, ChatMessage message, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (await TryPutSeqItemAsync(message, partition, cancellationToken).ConfigureAwait(false))
            {
                case SeqPutOutcome.Written:
                    return new AppendResult { Message = message, IsDuplicate = false };
                case SeqPutOutcome.WrittenByAnother:
                    return new AppendResult { Message = message, IsDuplicate = true };
            }

            var moved = message with { Seq = await NextSeqAsync(message.Room, taker: null, cancellationToken).ConfigureAwait(false) };
            if (claimKey is null || await TryMoveClaimAsync(partition, claimKey, message.Seq, moved.Seq, cancellationToken).ConfigureAwait(false))
            {
                message = moved;
                continue;
            }

            // A concurrent resend moved the claim first (this new seq stays unused): store the message where it says.
            message = await ReadClaimAsync(partition, claimKey, cancellationToken).ConfigureAwait(false) ?? throw ClaimChanged();
        }
    }

    /// <summary>Points a claim at a new seq, if it still names the one that was sealed.</summary>
    private async Task<bool> TryMoveClaimAsync(string partition, string claimKey, long sealedSeq, long newSeq, CancellationToken cancellationToken)
    {
        try
        {
            await _client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table,
                    Key = Attributes.Key(partition, claimKey),
                    UpdateExpression = "SET #seq = :new",
                    ConditionExpression = "#seq = :sealed",
                    ExpressionAttributeNames = new() { ["#seq"] = MessageItems.SeqAttribute },
                    ExpressionAttributeValues = new() { [":new"] = Attributes.N(newSeq), [":sealed"] = Attributes.N(sealedSeq) },
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Puts a message's SEQ# item unless one exists. The item carries a token unique to this call, so that when the SDK
    /// retried a put whose first attempt landed but whose answer was lost, the conditional failure of the retry is
    /// recognised as this call's own write (and the message is broadcast), not mistaken for a concurrent resend's
    /// (which would leave the message stored and acknowledged but never broadcast).
    /// </summary>
    private async Task<SeqPutOutcome> TryPutSeqItemAsync(ChatMessage message, string partition, CancellationToken cancellationToken)
    {
        var writer = Guid.NewGuid().ToString("N");
        var item = MessageItems.ToItem(message, partition, TableKeys.Seq(message.Seq), RetentionExpiry());
        item[WriterAttribute] = Attributes.S(writer);
        if (await TryPutNewAsync(item, cancellationToken).ConfigureAwait(false))
        {
            return SeqPutOutcome.Written;
        }

        var existing = await GetSeqItemAsync(partition, message.Seq, cancellationToken).ConfigureAwait(false);
        if (existing is not null && MessageItems.IsSealed(existing))
        {
            return SeqPutOutcome.Sealed;
        }

        return existing is not null && existing.TryGetValue(WriterAttribute, out var token) && token.S == writer
            ? SeqPutOutcome.Written
            : SeqPutOutcome.WrittenByAnother;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetSeqItemAsync(string partition, long seq, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = Attributes.Key(partition, TableKeys.Seq(seq)), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>Puts an item unless one with its key exists (or, with <paramref name="replaceExpired"/>, exists and has not expired).</summary>
    private async Task<bool> TryPutNewAsync(Dictionary<string, AttributeValue> item, CancellationToken cancellationToken, bool replaceExpired = false)
    {
        var request = new PutItemRequest
        {
            TableName = _table,
            Item = item,
            ConditionExpression = "attribute_not_exists(#pk)",
            ExpressionAttributeNames = new() { ["#pk"] = TableKeys.PartitionKey },
        };
        if (replaceExpired)
        {
            // DynamoDB deletes expired items only eventually; an expired claim must not block a new message.
            request.ConditionExpression += " OR #ttl <= :now";
            request.ExpressionAttributeNames["#ttl"] = TableKeys.TimeToLive;
            request.ExpressionAttributeValues = new() { [":now"] = Attributes.N(timeProvider.GetUtcNow().ToUnixTimeSeconds()) };
        }

        try
        {
            await _client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static ChatStoreUnavailableException ClaimChanged() => new("A de-duplication claim changed while it was being read; resend.");

    private DateTimeOffset? RetentionExpiry() => _options.MessageRetention is { } retention ? timeProvider.GetUtcNow() + retention : null;
}
