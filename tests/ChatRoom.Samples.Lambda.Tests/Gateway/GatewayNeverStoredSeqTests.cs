using Amazon.DynamoDBv2.Model;
using ChatRoom.Aws.Internal;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary><c>ChatRoom.Client</c> on the local gateway when a seq was taken by an append that never stored its message.</summary>
[Trait("Category", "Integration")]
public sealed class GatewayNeverStoredSeqTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    [Fact]
    public async Task MessageReceived_SeqTakenByAFailedAppend_SkipsItAndDeliversTheNextWithoutStalling()
    {
        var table = $"never-stored-{Guid.NewGuid().ToString("N")[..8]}";
        await using var gateway = await GatewayHost.StartAsync(
        [
            $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
            $"--ChatRoom:DynamoDb:TableName={table}",
        ]);
        var room = Unique.Room("gap");
        await using var receiver = new RecordingClient(gateway, "receiver", room);
        await using var sender = new RecordingClient(gateway, "sender", room);
        await receiver.StartAndJoinAsync();
        await sender.StartAndJoinAsync();
        await sender.Client.SendAsync(room, "before the gap");
        await receiver.WhenDelivered(1).WaitAsync(ChatSocket.Timeout);

        // An append in another execution environment took seq 2 and died before storing its message.
        using var client = dynalite.CreateClient();
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = new() { [TableKeys.PartitionKey] = new AttributeValue(TableKeys.Messages(room)), [TableKeys.SortKey] = new AttributeValue(TableKeys.CounterSortKey) },
            UpdateExpression = "ADD lastSeq :one",
            ExpressionAttributeValues = new() { [":one"] = new AttributeValue { N = "1" } },
        });

        var after = await sender.Client.SendAsync(room, "after the gap");
        Assert.Equal(3, after.Seq);

        await receiver.WhenDelivered(2).WaitAsync(ChatSocket.Timeout);
        Assert.Equal([1L, 3L], receiver.Delivered.Select(m => m.Seq));
        Assert.Equal(["before the gap", "after the gap"], receiver.Delivered.Select(m => m.Text));
    }
}
