using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ChatRoom.Aws.Internal;
using NSubstitute;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>A client in front of dynalite that lets a test step into the puts: to lose an answer, or to run something else first.</summary>
internal static class ForwardingDynamoDb
{
    /// <summary>A client that forwards every call to <paramref name="real"/>, with puts going through <paramref name="put"/>.</summary>
    /// <param name="real">dynalite's client.</param>
    /// <param name="put">What a put does; <see langword="null"/> forwards it.</param>
    /// <param name="reads">Sees each <c>GetItem</c> and <c>Query</c> request before it is forwarded.</param>
    /// <param name="update">What an update does; <see langword="null"/> forwards it.</param>
    public static IAmazonDynamoDB Create(
        AmazonDynamoDBClient real,
        Func<PutItemRequest, CancellationToken, Task<PutItemResponse>>? put,
        Action<AmazonDynamoDBRequest>? reads = null,
        Func<UpdateItemRequest, CancellationToken, Task<UpdateItemResponse>>? update = null)
    {
        put ??= real.PutItemAsync;
        update ??= real.UpdateItemAsync;
        var client = Substitute.For<IAmazonDynamoDB>();
        client.GetItemAsync(Arg.Any<GetItemRequest>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            reads?.Invoke(c.Arg<GetItemRequest>());
            return real.GetItemAsync(c.Arg<GetItemRequest>(), c.Arg<CancellationToken>());
        });
        client.UpdateItemAsync(Arg.Any<UpdateItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => update(c.Arg<UpdateItemRequest>(), c.Arg<CancellationToken>()));
        client.QueryAsync(Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            reads?.Invoke(c.Arg<QueryRequest>());
            return real.QueryAsync(c.Arg<QueryRequest>(), c.Arg<CancellationToken>());
        });
        client.DeleteItemAsync(Arg.Any<DeleteItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => real.DeleteItemAsync(c.Arg<DeleteItemRequest>(), c.Arg<CancellationToken>()));
        client.BatchWriteItemAsync(Arg.Any<BatchWriteItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => real.BatchWriteItemAsync(c.Arg<BatchWriteItemRequest>(), c.Arg<CancellationToken>()));
        client.PutItemAsync(Arg.Any<PutItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => put(c.Arg<PutItemRequest>(), c.Arg<CancellationToken>()));
        return client;
    }

    /// <summary>Whether a put writes a message's SEQ# item (not a tombstone, not a claim).</summary>
    public static bool IsMessagePut(PutItemRequest request) =>
        request.Item[TableKeys.SortKey].S.StartsWith(TableKeys.SeqPrefix, StringComparison.Ordinal) && !request.Item.ContainsKey(MessageItems.SealedAttribute);

    /// <summary>Whether a put writes a tombstone.</summary>
    public static bool IsSeal(PutItemRequest request) => request.Item.ContainsKey(MessageItems.SealedAttribute);
}
