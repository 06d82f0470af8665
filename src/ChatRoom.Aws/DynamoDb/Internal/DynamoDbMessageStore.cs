using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Room history in DynamoDB: an atomic per-room counter for seq, one item per message, conditional de-duplication.</summary>
/// <remarks>
/// Appending is: with a client message id, a consistent read of its de-duplication claim (a resend stops here); then
/// ADD 1 to the room's counter (atomic across every Lambda instance); then a conditional put of the claim, which
/// carries the whole message; then a conditional put of the SEQ# item. A resend that finds the claim completes the
/// original's SEQ# item if it is missing, so a failure between the two puts loses nothing. A seq taken by a failed
/// append, or by one that lost a race with a concurrent resend, is never reused: sequence numbers are strictly
/// increasing and skip only after such failures.
/// </remarks>
internal sealed class DynamoDbMessageStore(DynamoDbClientAccessor clientAccessor, IOptions<DynamoDbOptions> options, TimeProvider timeProvider) : IMessageStore
{
    private const string LastSeqAttribute = "lastSeq";
    private const string WriterAttribute = "writer";

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

            // A resend usually finds its claim here, before taking a seq it would not use.
            if (claimKey is not null && await ReadClaimAsync(partition, claimKey, cancellationToken).ConfigureAwait(false) is { } earlier)
            {
                return await CompleteAsync(partition, earlier, cancellationToken).ConfigureAwait(false);
            }

            var stored = message.WithSeq(await NextSeqAsync(message.Room, cancellationToken).ConfigureAwait(false));
            if (claimKey is not null)
            {
                var claim = MessageItems.ToItem(stored, partition, claimKey, timeProvider.GetUtcNow() + _options.DeduplicationWindow);
                if (!await TryPutNewAsync(claim, cancellationToken, replaceExpired: true).ConfigureAwait(false))
                {
                    // A concurrent resend claimed it first (this seq stays unused).
                    var winner = await ReadClaimAsync(partition, claimKey, cancellationToken).ConfigureAwait(false)
                        ?? throw new ChatStoreUnavailableException("A de-duplication claim changed while it was being read; resend.");
                    return await CompleteAsync(partition, winner, cancellationToken).ConfigureAwait(false);
                }
            }

            // Whoever writes the SEQ# item reports the message as new. A concurrent resend that read this claim before
            // this put may have written it already (CompleteAsync); it then reports new and this append the duplicate,
            // so exactly one of them gets the message broadcast.
            var written = await TryPutSeqItemAsync(stored, partition, cancellationToken).ConfigureAwait(false);
            return new AppendResult(stored, IsDuplicate: !written);
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

        // Newest first from just below "before", then back into ascending order.
        var upper = beforeSeq == long.MaxValue ? TableKeys.SeqPrefix + "~" : TableKeys.Seq(beforeSeq - 1);
        return ReadRangeAsync(room, TableKeys.Seq(1), upper, newestFirst: true, limit, cancellationToken);
    }

    public Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var lower = TableKeys.Seq(Math.Max(afterSeq + 1, 1));
        return ReadRangeAsync(room, lower, TableKeys.SeqPrefix + "~", newestFirst: false, limit, cancellationToken);
    }

    private Task<MessagePage> ReadRangeAsync(string room, string fromKey, string toKey, bool newestFirst, int limit, CancellationToken cancellationToken) =>
        DynamoDbFaults.TranslateAsync("Query (history)", _table, async () =>
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
            };
            var now = timeProvider.GetUtcNow();
            var items = await QueryPages.ReadAsync(_client, request, limit + 1, item => !item.IsExpired(now), cancellationToken).ConfigureAwait(false);
            var messages = items.Take(limit).Select(MessageItems.FromItem).ToList();
            if (newestFirst)
            {
                messages.Reverse();
            }

            return new MessagePage(messages, HasMore: items.Count > limit);
        }, cancellationToken);

    private async Task<long> NextSeqAsync(string room, CancellationToken cancellationToken)
    {
        var response = await _client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = _table,
                Key = Attributes.Key(TableKeys.Messages(room), TableKeys.CounterSortKey),
                UpdateExpression = "ADD #seq :one",
                ExpressionAttributeNames = new() { ["#seq"] = LastSeqAttribute },
                ExpressionAttributeValues = new() { [":one"] = Attributes.N(1) },
                ReturnValues = ReturnValue.UPDATED_NEW,
            },
            cancellationToken).ConfigureAwait(false);
        return response.Attributes.GetNumber(LastSeqAttribute);
    }

    /// <summary>Reads a live de-duplication claim: the original message, or <see langword="null"/>.</summary>
    private async Task<ChatMessage?> ReadClaimAsync(string partition, string claimKey, CancellationToken cancellationToken)
    {
        var claim = await _client.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = Attributes.Key(partition, claimKey), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return claim.Item is { Count: > 0 } item && !item.IsExpired(timeProvider.GetUtcNow()) ? MessageItems.FromItem(item) : null;
    }

    /// <summary>Answers a duplicate with its original, writing the original's SEQ# item if an earlier append died before it.</summary>
    private async Task<AppendResult> CompleteAsync(string partition, ChatMessage original, CancellationToken cancellationToken)
    {
        var completedHere = await TryPutSeqItemAsync(original, partition, cancellationToken).ConfigureAwait(false);

        // When this resend wrote the SEQ# item, the original was never broadcast: report it as new so the engine sends it.
        return new AppendResult(original, IsDuplicate: !completedHere);
    }

    /// <summary>
    /// Puts a message's SEQ# item unless it exists; returns whether this call wrote it. The item carries a token unique
    /// to this call, so that when the SDK retried a put whose first attempt landed but whose answer was lost, the
    /// conditional failure of the retry is recognised as this call's own write (and the message is broadcast), not
    /// mistaken for a concurrent resend's (which would leave the message stored and acknowledged but never broadcast).
    /// </summary>
    private async Task<bool> TryPutSeqItemAsync(ChatMessage message, string partition, CancellationToken cancellationToken)
    {
        var writer = Guid.NewGuid().ToString("N");
        var item = MessageItems.ToItem(message, partition, TableKeys.Seq(message.Seq), RetentionExpiry());
        item[WriterAttribute] = Attributes.S(writer);
        if (await TryPutNewAsync(item, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        var existing = await _client.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = Attributes.Key(partition, TableKeys.Seq(message.Seq)), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return existing.Item is { Count: > 0 } found && found.TryGetValue(WriterAttribute, out var token) && token.S == writer;
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

    private DateTimeOffset? RetentionExpiry() => _options.MessageRetention is { } retention ? timeProvider.GetUtcNow() + retention : null;
}
