using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.AwsCost;

/// <summary>
/// The comparison peer: the design of AWS's reference sample (aws-samples/simple-websockets-chat-app), written here
/// from its description. <c>$connect</c> puts <c>{connectionId}</c> into a connections table keyed by
/// <c>connectionId</c> (<c>$disconnect</c> deletes it; not needed here); <c>sendmessage</c> Scans the whole table and posts the text to
/// each connection found, deleting those that answer 410.
/// </summary>
/// <remarks>
/// Two changes so it can serve rooms and stay correct: each item also holds its <c>room</c>, and the Scan filters on it
/// (a filter does not reduce what a Scan reads or costs, only what it returns); and the Scan follows
/// <c>LastEvaluatedKey</c> (the sample reads one 1 MB page, so past about 20,000 connections it misses some). Its
/// invocations are calls to this class, made by the tool, not events routed through the gateway.
/// </remarks>
internal sealed class ReferenceChat : IAsyncDisposable
{
    private readonly IAmazonDynamoDB _client;
    private readonly string _table;
    private readonly ServiceProvider _messengerServices;
    private readonly IConnectionMessenger _messenger;

    public ReferenceChat(IAmazonDynamoDB client, string table, Uri managementEndpoint)
    {
        _client = client;
        _table = table;

        // Posts go through ChatRoom's signed @connections client: the same HTTP cost per post as ChatRoom's.
        _messengerServices = new ServiceCollection()
            .AddLogging()
            .AddChatRoom()
            .AddApiGatewayMessenger(o =>
            {
                o.Endpoint = managementEndpoint.AbsoluteUri;
                o.Region = "us-east-1";
                o.Credentials = new BasicAWSCredentials("local", "local");
            })
            .Services.BuildServiceProvider();
        _messenger = _messengerServices.GetRequiredService<IConnectionMessenger>();
    }

    private long _itemBytes;
    private long _items;

    public RequestTally Invocations { get; } = new();

    /// <summary>Gets the mean size of the items put, by DynamoDB's rule (UTF-8 bytes of attribute names and string values).</summary>
    public double AverageItemBytes => Interlocked.Read(ref _items) == 0 ? 0 : (double)Interlocked.Read(ref _itemBytes) / Interlocked.Read(ref _items);

    /// <summary>Gets the Scan pages (requests) of the last <see cref="SendMessageAsync"/>.</summary>
    public int LastScanPages { get; private set; }

    public async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        await _client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = _table,
                KeySchema = [new KeySchemaElement("connectionId", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("connectionId", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            },
            cancellationToken);
        while ((await _client.DescribeTableAsync(_table, cancellationToken)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>The <c>$connect</c> handler: one PutItem.</summary>
    public async Task ConnectAsync(string connectionId, string room, CancellationToken cancellationToken)
    {
        Invocations.Add("CONNECT");
        Interlocked.Add(ref _itemBytes, Encoding.UTF8.GetByteCount("connectionId" + connectionId + "room" + room));
        Interlocked.Increment(ref _items);
        await _client.PutItemAsync(
            new PutItemRequest
            {
                TableName = _table,
                Item = new() { ["connectionId"] = new AttributeValue { S = connectionId }, ["room"] = new AttributeValue { S = room } },
            },
            cancellationToken);
    }

    /// <summary>The <c>sendmessage</c> handler: Scan every page of the table, post to each connection of the room.</summary>
    /// <returns>The connections posted to.</returns>
    public async Task<int> SendMessageAsync(string room, string text, CancellationToken cancellationToken)
    {
        Invocations.Add("MESSAGE");
        var frame = JsonSerializer.SerializeToUtf8Bytes(new { type = "reference", room, text });
        var posts = new List<Task>();
        Dictionary<string, AttributeValue>? start = null;
        var pages = 0;
        do
        {
            var page = await _client.ScanAsync(
                new ScanRequest
                {
                    TableName = _table,
                    ProjectionExpression = "connectionId",
                    FilterExpression = "#room = :room",
                    ExpressionAttributeNames = new() { ["#room"] = "room" },
                    ExpressionAttributeValues = new() { [":room"] = new AttributeValue { S = room } },
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            pages++;
            foreach (var item in page.Items ?? [])
            {
                posts.Add(PostAsync(item["connectionId"].S, frame, cancellationToken));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        await Task.WhenAll(posts);
        LastScanPages = pages;
        return posts.Count;
    }

    public async ValueTask DisposeAsync() => await _messengerServices.DisposeAsync();

    private async Task PostAsync(string connectionId, byte[] frame, CancellationToken cancellationToken)
    {
        if (await _messenger.SendAsync(connectionId, frame, cancellationToken) == DeliveryResult.Gone)
        {
            await DeleteAsync(connectionId, cancellationToken);
        }
    }

    private async Task DeleteAsync(string connectionId, CancellationToken cancellationToken) =>
        await _client.DeleteItemAsync(
            new DeleteItemRequest { TableName = _table, Key = new() { ["connectionId"] = new AttributeValue { S = connectionId } } },
            cancellationToken);
}
