using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Connections and memberships in DynamoDB; see docs/aws.md for the items and what each call costs.</summary>
/// <remarks>
/// A connection is one item (CONN#id / META) whose <c>rooms</c> string set lists its memberships, so that the room cap
/// is one conditional write that holds across every Lambda execution environment, and disconnect finds every
/// membership in the item it deletes. Each membership also has a roster entry (ROOM#room / MEMBER#id), which a
/// broadcast reads with one Query. Every item carries a TTL because <c>$disconnect</c> is best-effort; reads skip
/// expired items, and <see cref="RenewConnectionAsync"/> moves the TTL on for hosts that keep connections open longer.
/// </remarks>
internal sealed class DynamoDbConnectionStore(DynamoDbClientAccessor clientAccessor, IOptions<DynamoDbOptions> options, TimeProvider timeProvider) : IConnectionStore
{
    private const string ConnectionIdAttribute = "connectionId";
    private const string NameAttribute = "name";
    private const string UserIdAttribute = "userId";
    private const string ConnectedAtAttribute = "connectedAt";
    private const string AuthenticatedAttribute = "authenticated";
    private const string GrantedRoomsAttribute = "grantedRooms";
    private const string RoomsAttribute = "rooms";
    private const int BatchWriteLimit = 25;

    private readonly IAmazonDynamoDB _client = clientAccessor.Client;
    private readonly string _table = options.Value.TableName;
    private readonly TimeSpan _timeToLive = options.Value.ConnectionTimeToLive;

    public TimeSpan? ConnectionTimeToLive => _timeToLive;

    public Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return DynamoDbFaults.TranslateAsync("UpdateItem (connection)", _table, async () =>
        {
            try
            {
                await _client.UpdateItemAsync(Registration(connection, overLiveRecordOnly: true), cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                // An expired record that DynamoDB has not deleted yet: its rooms died with it, so replace it whole.
                await _client.DeleteItemAsync(new DeleteItemRequest { TableName = _table, Key = ConnectionKey(connection.ConnectionId) }, cancellationToken).ConfigureAwait(false);
                await _client.UpdateItemAsync(Registration(connection, overLiveRecordOnly: false), cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    public Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync("GetItem (connection)", _table, async () =>
        {
            var item = await ReadConnectionItemAsync(connectionId, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return null;
            }

            return new ConnectionInfo
            {
                Member = ToMember(item),
                ConnectedAt = DateTimeOffset.FromUnixTimeMilliseconds(item.GetNumber(ConnectedAtAttribute)),
                GrantedRooms = item.TryGetValue(GrantedRoomsAttribute, out var granted) && granted.L is { } list
                    ? [.. list.Select(static value => value.S).OfType<string>()]
                    : [],

                // The same consistent read holds the memberships: a frame needs no second GetItem for them.
                Rooms = RoomsOf(item),
            };
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync<IReadOnlyList<string>>("DeleteItem + BatchWriteItem (remove connection)", _table, async () =>
        {
            // The deleted item names every room the connection was in: no Query, no Scan.
            var deleted = await _client.DeleteItemAsync(
                new DeleteItemRequest { TableName = _table, Key = ConnectionKey(connectionId), ReturnValues = ReturnValue.ALL_OLD },
                cancellationToken).ConfigureAwait(false);
            var rooms = RoomsOf(deleted.Attributes);
            await WriteAllAsync(
                [.. rooms.Select(room => new WriteRequest { DeleteRequest = new DeleteRequest { Key = RosterKey(room, connectionId) } })],
                cancellationToken).ConfigureAwait(false);
            return rooms;
        }, cancellationToken);
    }

    public Task<RoomJoinResult> JoinRoomAsync(string room, ConnectionInfo connection, int maxRooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(connection);
        return DynamoDbFaults.TranslateAsync("UpdateItem + PutItem (join)", _table, async () =>
        {
            // The cap and the join are one conditional write to the connection's item, so concurrent joins in different
            // execution environments cannot exceed it (a read of the rooms followed by a write could).
            var before = await TryUpdateConnectionAsync(
                connection.ConnectionId,
                "ADD #rooms :rooms",
                "attribute_exists(#pk) AND #ttl > :now AND (contains(#rooms, :room) OR attribute_not_exists(#rooms) OR size(#rooms) < :max)",
                new() { ["#ttl"] = TableKeys.TimeToLive, ["#rooms"] = RoomsAttribute },
                new()
                {
                    [":rooms"] = new AttributeValue { SS = [room] },
                    [":room"] = Attributes.S(room),
                    [":now"] = Now(),
                    [":max"] = Attributes.N(maxRooms),
                },
                ReturnValue.ALL_OLD,
                cancellationToken).ConfigureAwait(false);
            if (before is null)
            {
                return await ReadConnectionItemAsync(connection.ConnectionId, cancellationToken).ConfigureAwait(false) is null
                    ? RoomJoinResult.NotRegistered
                    : RoomJoinResult.TooManyRooms;
            }

            // The roster entry is written on every join, so a retried join repairs one whose roster write failed.
            await _client.PutItemAsync(
                new PutItemRequest { TableName = _table, Item = RosterEntry(room, connection.Member, ExpiresAt()) },
                cancellationToken).ConfigureAwait(false);
            return RoomsOf(before).Contains(room, StringComparer.Ordinal) ? RoomJoinResult.AlreadyMember : RoomJoinResult.Joined;
        }, cancellationToken);
    }

    public Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync("UpdateItem + DeleteItem (leave)", _table, async () =>
        {
            // Not registered (null): there is no membership to remove, but a stray roster entry still goes below.
            var before = await TryUpdateConnectionAsync(
                connectionId,
                "DELETE #rooms :rooms",
                "attribute_exists(#pk)",
                new() { ["#rooms"] = RoomsAttribute },
                new() { [":rooms"] = new AttributeValue { SS = [room] } },
                ReturnValue.ALL_OLD,
                cancellationToken).ConfigureAwait(false);
            var wasMember = before is not null && !before.IsExpired(timeProvider.GetUtcNow()) && RoomsOf(before).Contains(room, StringComparer.Ordinal);

            // Always deleted, so a retried leave repairs a half-done one and broadcasts stop.
            await _client.DeleteItemAsync(new DeleteItemRequest { TableName = _table, Key = RosterKey(room, connectionId) }, cancellationToken).ConfigureAwait(false);
            return wasMember;
        }, cancellationToken);
    }

    public Task<bool> RenewConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync("UpdateItem + BatchWriteItem (renew)", _table, async () =>
        {
            var expiresAt = ExpiresAt();
            var item = await TryUpdateConnectionAsync(
                connectionId,
                "SET #ttl = :ttl",
                "attribute_exists(#pk) AND #ttl > :now",
                new() { ["#ttl"] = TableKeys.TimeToLive },
                new() { [":ttl"] = expiresAt, [":now"] = Now() },
                ReturnValue.ALL_NEW,
                cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return false;
            }

            // Roster entries are put, not updated, so one that expired and was deleted meanwhile comes back.
            var member = ToMember(item);
            await WriteAllAsync(
                [.. RoomsOf(item).Select(room => new WriteRequest { PutRequest = new PutRequest { Item = RosterEntry(room, member, expiresAt) } })],
                cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        return DynamoDbFaults.TranslateAsync("Query (members)", _table, async () =>
        {
            var request = new QueryRequest
            {
                TableName = _table,
                KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :prefix)",
                ExpressionAttributeNames = new() { ["#pk"] = TableKeys.PartitionKey, ["#sk"] = TableKeys.SortKey },
                ExpressionAttributeValues = new()
                {
                    [":pk"] = Attributes.S(TableKeys.Roster(room)),
                    [":prefix"] = Attributes.S(TableKeys.MemberPrefix),
                },

                // A broadcast right after a join, in another execution environment, must reach the new member.
                ConsistentRead = true,
            };
            if (continuationToken is not null)
            {
                request.ExclusiveStartKey = RosterKey(room, continuationToken);
            }

            // One more than a page tells whether another page exists, so the last page has no token.
            var now = timeProvider.GetUtcNow();
            var items = await QueryPages.ReadAsync(_client, request, pageSize + 1, item => !item.IsExpired(now), cancellationToken).ConfigureAwait(false);
            var members = new List<ChatMember>(Math.Min(items.Count, pageSize));
            foreach (var item in items.Take(pageSize))
            {
                members.Add(ToMember(item));
            }

            return new MemberPage { Members = members, ContinuationToken = items.Count > pageSize ? members[^1].ConnectionId : null };
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync<IReadOnlyList<string>>(
            "GetItem (rooms of connection)",
            _table,
            async () => RoomsOf(await ReadConnectionItemAsync(connectionId, cancellationToken).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>
    /// Writes a connection's attributes with an update, not a put, so that a connection registered again keeps its
    /// rooms; with <paramref name="overLiveRecordOnly"/> only when there is no record or a live one.
    /// </summary>
    private UpdateItemRequest Registration(ConnectionInfo connection, bool overLiveRecordOnly)
    {
        var names = new Dictionary<string, string>
        {
            ["#id"] = ConnectionIdAttribute,
            ["#name"] = NameAttribute,
            ["#user"] = UserIdAttribute,
            ["#at"] = ConnectedAtAttribute,
            ["#auth"] = AuthenticatedAttribute,
            ["#granted"] = GrantedRoomsAttribute,
            ["#ttl"] = TableKeys.TimeToLive,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":id"] = Attributes.S(connection.ConnectionId),
            [":name"] = Attributes.S(connection.Member.Name),
            [":user"] = Attributes.S(connection.Member.UserId),
            [":at"] = Attributes.N(connection.ConnectedAt.ToUnixTimeMilliseconds()),
            [":ttl"] = ExpiresAt(),
        };
        var set = new List<string> { "#id = :id", "#name = :name", "#user = :user", "#at = :at", "#ttl = :ttl" };
        var remove = new List<string>();
        if (connection.Member.IsAuthenticated)
        {
            set.Add("#auth = :auth");
            values[":auth"] = new AttributeValue { BOOL = true };
        }
        else
        {
            remove.Add("#auth");
        }

        if (connection.GrantedRooms.Count > 0)
        {
            // A list, not a string set: it keeps the order, so a connection reads back equal to what was stored.
            set.Add("#granted = :granted");
            values[":granted"] = new AttributeValue { L = [.. connection.GrantedRooms.Select(Attributes.S)] };
        }
        else
        {
            remove.Add("#granted");
        }

        var request = new UpdateItemRequest
        {
            TableName = _table,
            Key = ConnectionKey(connection.ConnectionId),
            UpdateExpression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : string.Empty),
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
        if (overLiveRecordOnly)
        {
            request.ConditionExpression = "attribute_not_exists(#pk) OR #ttl > :now";
            names["#pk"] = TableKeys.PartitionKey;
            values[":now"] = Now();
        }

        return request;
    }

    private static Dictionary<string, AttributeValue> ConnectionKey(string connectionId) =>
        Attributes.Key(TableKeys.Connection(connectionId), TableKeys.ConnectionSortKey);

    private static Dictionary<string, AttributeValue> RosterKey(string room, string connectionId) =>
        Attributes.Key(TableKeys.Roster(room), TableKeys.Member(connectionId));

    /// <summary>A membership's roster entry: the member under the same attribute names as in its connection's item.</summary>
    private static Dictionary<string, AttributeValue> RosterEntry(string room, ChatMember member, AttributeValue expiresAt)
    {
        var entry = RosterKey(room, member.ConnectionId);
        entry[ConnectionIdAttribute] = Attributes.S(member.ConnectionId);
        entry[NameAttribute] = Attributes.S(member.Name);
        entry[UserIdAttribute] = Attributes.S(member.UserId);
        if (member.IsAuthenticated)
        {
            entry[AuthenticatedAttribute] = new AttributeValue { BOOL = true };
        }

        entry[TableKeys.TimeToLive] = expiresAt;
        return entry;
    }

    private static List<string> RoomsOf(Dictionary<string, AttributeValue>? item) =>
        item is not null && item.TryGetValue(RoomsAttribute, out var rooms) && rooms.SS is { } set ? [.. set] : [];

    /// <summary>The member a connection item or a roster entry holds.</summary>
    private static ChatMember ToMember(Dictionary<string, AttributeValue> item) => new()
    {
        ConnectionId = item.GetString(ConnectionIdAttribute),
        Name = item.GetString(NameAttribute),
        UserId = item.GetString(UserIdAttribute),
        IsAuthenticated = IsAuthenticated(item),
    };

    private static bool IsAuthenticated(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(AuthenticatedAttribute, out var authenticated) && authenticated.BOOL == true;

    /// <summary>Updates a connection's item if <paramref name="condition"/> holds (<c>#pk</c> names the partition key).</summary>
    /// <returns>The attributes <paramref name="returnValues"/> asks for, or <see langword="null"/> when the condition failed.</returns>
    private async Task<Dictionary<string, AttributeValue>?> TryUpdateConnectionAsync(
        string connectionId,
        string update,
        string condition,
        Dictionary<string, string> names,
        Dictionary<string, AttributeValue> values,
        ReturnValue returnValues,
        CancellationToken cancellationToken)
    {
        names["#pk"] = TableKeys.PartitionKey;
        try
        {
            var response = await _client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table,
                    Key = ConnectionKey(connectionId),
                    UpdateExpression = update,
                    ConditionExpression = condition,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                    ReturnValues = returnValues,
                },
                cancellationToken).ConfigureAwait(false);
            return response.Attributes ?? [];
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <summary>Reads a connection's item with a consistent read; <see langword="null"/> when it is missing or expired.</summary>
    private async Task<Dictionary<string, AttributeValue>?> ReadConnectionItemAsync(string connectionId, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = ConnectionKey(connectionId), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item && !item.IsExpired(timeProvider.GetUtcNow()) ? item : null;
    }

    private async Task WriteAllAsync(List<WriteRequest> writes, CancellationToken cancellationToken)
    {
        foreach (var chunk in writes.Chunk(BatchWriteLimit))
        {
            var pending = new Dictionary<string, List<WriteRequest>> { [_table] = [.. chunk] };

            // BatchWriteItem may hand back unprocessed items under load: retry them with a growing pause.
            for (var attempt = 0; pending is { Count: > 0 }; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * (1 << Math.Min(attempt, 6))), timeProvider, cancellationToken).ConfigureAwait(false);
                }

                if (attempt == 8)
                {
                    throw new ChatStoreUnavailableException("DynamoDB kept returning unprocessed writes; the rest expire through TTL.");
                }

                var response = await _client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken).ConfigureAwait(false);
                pending = response.UnprocessedItems;
            }
        }
    }

    private AttributeValue Now() => Attributes.N(timeProvider.GetUtcNow().ToUnixTimeSeconds());

    private AttributeValue ExpiresAt() => Attributes.N((timeProvider.GetUtcNow() + _timeToLive).ToUnixTimeSeconds());
}
