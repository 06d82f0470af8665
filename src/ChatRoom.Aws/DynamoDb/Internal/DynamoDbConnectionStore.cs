using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Connections and memberships in DynamoDB; see docs/aws.md for the items and what each call costs.</summary>
/// <remarks>
/// A membership is two items: the room's roster entry (ROOM#room / MEMBER#id), which a broadcast reads with one Query,
/// and the connection's room entry (CONN#id / ROOM#room), which disconnect reads to find every membership without a
/// Scan. Every item carries a TTL because <c>$disconnect</c> is best-effort; reads skip expired items.
/// </remarks>
internal sealed class DynamoDbConnectionStore(DynamoDbClientAccessor clientAccessor, IOptions<DynamoDbOptions> options, TimeProvider timeProvider) : IConnectionStore
{
    private const string ConnectionIdAttribute = "connectionId";
    private const string NameAttribute = "name";
    private const string UserIdAttribute = "userId";
    private const string ConnectedAtAttribute = "connectedAt";
    private const string RoomAttribute = "room";
    private const string AuthenticatedAttribute = "authenticated";
    private const string GrantedRoomsAttribute = "grantedRooms";
    private const int BatchWriteLimit = 25;

    private readonly IAmazonDynamoDB _client = clientAccessor.Client;
    private readonly string _table = options.Value.TableName;
    private readonly TimeSpan _timeToLive = options.Value.ConnectionTimeToLive;

    public Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var item = Attributes.Key(TableKeys.Connection(connection.ConnectionId), TableKeys.ConnectionSortKey);
        item[ConnectionIdAttribute] = Attributes.S(connection.ConnectionId);
        item[NameAttribute] = Attributes.S(connection.DisplayName);
        item[UserIdAttribute] = Attributes.S(connection.UserId);
        item[ConnectedAtAttribute] = Attributes.N(connection.ConnectedAt.ToUnixTimeMilliseconds());
        if (connection.IsAuthenticated)
        {
            item[AuthenticatedAttribute] = new AttributeValue { BOOL = true };
        }

        if (connection.GrantedRooms.Count > 0)
        {
            // A list, not a string set: it keeps the order, so a connection reads back equal to what was stored.
            item[GrantedRoomsAttribute] = new AttributeValue { L = [.. connection.GrantedRooms.Select(Attributes.S)] };
        }

        item[TableKeys.TimeToLive] = ExpiresAt();
        return DynamoDbFaults.TranslateAsync(
            "PutItem (connection)",
            _table,
            () => _client.PutItemAsync(new PutItemRequest { TableName = _table, Item = item }, cancellationToken),
            cancellationToken);
    }

    public Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync("GetItem (connection)", _table, async () =>
        {
            var response = await _client.GetItemAsync(
                new GetItemRequest
                {
                    TableName = _table,
                    Key = Attributes.Key(TableKeys.Connection(connectionId), TableKeys.ConnectionSortKey),
                    ConsistentRead = true,
                },
                cancellationToken).ConfigureAwait(false);
            var item = response.Item;
            if (item is not { Count: > 0 } || item.IsExpired(timeProvider.GetUtcNow()))
            {
                return null;
            }

            return new ConnectionInfo(
                item.GetString(ConnectionIdAttribute),
                item.GetString(NameAttribute),
                item.GetString(UserIdAttribute),
                DateTimeOffset.FromUnixTimeMilliseconds(item.GetNumber(ConnectedAtAttribute)))
            {
                IsAuthenticated = item.TryGetValue(AuthenticatedAttribute, out var authenticated) && authenticated.BOOL == true,
                GrantedRooms = item.TryGetValue(GrantedRoomsAttribute, out var granted) && granted.L is { } list
                    ? [.. list.Select(static value => value.S).OfType<string>()]
                    : [],
            };
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync<IReadOnlyList<string>>("Query + BatchWriteItem (remove connection)", _table, async () =>
        {
            // One Query over the connection's partition finds its record and every room it is in: no Scan.
            var items = await QueryPages.ReadAllAsync(_client, ConnectionPartitionQuery(connectionId, prefix: null), static _ => true, cancellationToken).ConfigureAwait(false);
            var rooms = new List<string>();
            var deletes = new List<Dictionary<string, AttributeValue>>();
            foreach (var item in items)
            {
                var sortKey = item.GetString(TableKeys.SortKey);
                if (sortKey.StartsWith(TableKeys.RoomPrefix, StringComparison.Ordinal))
                {
                    var room = item.GetString(RoomAttribute);
                    rooms.Add(room);
                    deletes.Add(Attributes.Key(TableKeys.Roster(room), TableKeys.Member(connectionId)));
                }

                deletes.Add(Attributes.Key(TableKeys.Connection(connectionId), sortKey));
            }

            await DeleteAllAsync(deletes, cancellationToken).ConfigureAwait(false);
            return rooms;
        }, cancellationToken);
    }

    public Task<bool> JoinRoomAsync(string room, ConnectionInfo connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(connection);
        return DynamoDbFaults.TranslateAsync("PutItem x2 (join)", _table, async () =>
        {
            var expiresAt = ExpiresAt();

            // The connection's side first: if the roster write then fails, a retried join repairs it,
            // and a disconnect still finds (and cleans) the room.
            var roomOfConnection = Attributes.Key(TableKeys.Connection(connection.ConnectionId), TableKeys.RoomOfConnection(room));
            roomOfConnection[RoomAttribute] = Attributes.S(room);
            roomOfConnection[TableKeys.TimeToLive] = expiresAt;
            await _client.PutItemAsync(new PutItemRequest { TableName = _table, Item = roomOfConnection }, cancellationToken).ConfigureAwait(false);

            var member = Attributes.Key(TableKeys.Roster(room), TableKeys.Member(connection.ConnectionId));
            member[ConnectionIdAttribute] = Attributes.S(connection.ConnectionId);
            member[NameAttribute] = Attributes.S(connection.DisplayName);
            member[TableKeys.TimeToLive] = expiresAt;
            try
            {
                await _client.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = _table,
                        Item = member,
                        ConditionExpression = "attribute_not_exists(#pk) OR #ttl <= :now",
                        ExpressionAttributeNames = new() { ["#pk"] = TableKeys.PartitionKey, ["#ttl"] = TableKeys.TimeToLive },
                        ExpressionAttributeValues = new() { [":now"] = Attributes.N(timeProvider.GetUtcNow().ToUnixTimeSeconds()) },
                    },
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                return false;
            }
        }, cancellationToken);
    }

    public Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync("DeleteItem x2 (leave)", _table, async () =>
        {
            // The roster entry first, so broadcasts stop; both deletes always run, so a retried leave repairs a half-done one.
            var member = await _client.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = _table,
                    Key = Attributes.Key(TableKeys.Roster(room), TableKeys.Member(connectionId)),
                    ReturnValues = ReturnValue.ALL_OLD,
                },
                cancellationToken).ConfigureAwait(false);
            await _client.DeleteItemAsync(
                new DeleteItemRequest { TableName = _table, Key = Attributes.Key(TableKeys.Connection(connectionId), TableKeys.RoomOfConnection(room)) },
                cancellationToken).ConfigureAwait(false);
            return member.Attributes is { Count: > 0 } old && !old.IsExpired(timeProvider.GetUtcNow());
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
            };
            if (continuationToken is not null)
            {
                request.ExclusiveStartKey = Attributes.Key(TableKeys.Roster(room), TableKeys.Member(continuationToken));
            }

            // One more than a page tells whether another page exists, so the last page has no token.
            var now = timeProvider.GetUtcNow();
            var items = await QueryPages.ReadAsync(_client, request, pageSize + 1, item => !item.IsExpired(now), cancellationToken).ConfigureAwait(false);
            var members = new List<RoomMember>(Math.Min(items.Count, pageSize));
            foreach (var item in items.Take(pageSize))
            {
                members.Add(new RoomMember(item.GetString(ConnectionIdAttribute), item.GetString(NameAttribute)));
            }

            return new MemberPage(members, items.Count > pageSize ? members[^1].ConnectionId : null);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return DynamoDbFaults.TranslateAsync<IReadOnlyList<string>>("Query (rooms of connection)", _table, async () =>
        {
            var now = timeProvider.GetUtcNow();
            var items = await QueryPages.ReadAllAsync(_client, ConnectionPartitionQuery(connectionId, TableKeys.RoomPrefix), item => !item.IsExpired(now), cancellationToken).ConfigureAwait(false);
            return items.ConvertAll(item => item.GetString(RoomAttribute));
        }, cancellationToken);
    }

    private QueryRequest ConnectionPartitionQuery(string connectionId, string? prefix)
    {
        var request = new QueryRequest
        {
            TableName = _table,
            ConsistentRead = true,
            KeyConditionExpression = prefix is null ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :prefix)",
            ExpressionAttributeNames = new() { ["#pk"] = TableKeys.PartitionKey },
            ExpressionAttributeValues = new() { [":pk"] = Attributes.S(TableKeys.Connection(connectionId)) },
        };
        if (prefix is not null)
        {
            request.ExpressionAttributeNames["#sk"] = TableKeys.SortKey;
            request.ExpressionAttributeValues[":prefix"] = Attributes.S(prefix);
        }

        return request;
    }

    private async Task DeleteAllAsync(List<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(BatchWriteLimit))
        {
            var pending = new Dictionary<string, List<WriteRequest>>
            {
                [_table] = [.. chunk.Select(key => new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } })],
            };

            // BatchWriteItem may hand back unprocessed items under load: retry them with a growing pause.
            for (var attempt = 0; pending is { Count: > 0 }; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * (1 << Math.Min(attempt, 6))), timeProvider, cancellationToken).ConfigureAwait(false);
                }

                if (attempt == 8)
                {
                    throw new ChatStoreUnavailableException("DynamoDB kept returning unprocessed deletes; the rest will expire through TTL.");
                }

                var response = await _client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken).ConfigureAwait(false);
                pending = response.UnprocessedItems;
            }
        }
    }

    private AttributeValue ExpiresAt() => Attributes.N((timeProvider.GetUtcNow() + _timeToLive).ToUnixTimeSeconds());
}
