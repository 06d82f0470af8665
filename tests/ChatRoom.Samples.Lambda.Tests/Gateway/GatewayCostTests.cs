using Amazon.DynamoDBv2;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// What a message costs on the AWS path, counted at the HTTP layer of the Lambda sample's DynamoDB client while real
/// WebSocket clients talk to the local gateway: it must not depend on how many connections other rooms hold
/// (the reference sample's Scan design would add a request per 1 MB page and read capacity per connection).
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayCostTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    private const int OtherConnections = 200;
    private const int OtherRoomSize = 10;

    [Fact]
    public async Task SendMessage_200ConnectionsInOtherRooms_SameDynamoDbRequestsByOperation()
    {
        var counting = new CountingHttpClientFactory();
        using var client = dynalite.CreateClient(new AmazonDynamoDBConfig { HttpClientFactory = counting });
        await using var gateway = await GatewayHost.StartAsync(
            [
                $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
                $"--ChatRoom:DynamoDb:TableName=cost-{Guid.NewGuid():N}",
                "--ChatRoom:DefaultRoom=",

                // One environment runs one invocation at a time, in arrival order: a pong proves the earlier ones returned.
                "--LocalGateway:MaxConcurrency=1",
            ],
            configureFunction: services => services.AddSingleton<IAmazonDynamoDB>(client));
        var room = Unique.Room("cost");
        var members = new List<ChatSocket>();
        var others = new List<ChatSocket>();
        try
        {
            foreach (var name in new[] { "alice", "bob", "carol" })
            {
                members.Add(await JoinAsync(gateway, name, room));
            }

            var alone = await CountSendAsync(members, room, counting, "nobody else is connected", clientMessageId: null);
            var aloneWithId = await CountSendAsync(members, room, counting, "nobody else, with an id", "cm-alone");
            for (var batch = 0; batch < OtherConnections; batch += OtherRoomSize)
            {
                others.AddRange(await Task.WhenAll(Enumerable.Range(batch, OtherRoomSize).Select(i =>
                    JoinAsync(gateway, $"other-{i}", $"{room}-other-{i / OtherRoomSize}"))));
            }

            var crowded = await CountSendAsync(members, room, counting, "200 connections sit in 20 other rooms", clientMessageId: null);
            var crowdedWithId = await CountSendAsync(members, room, counting, "200 others, with an id", "cm-crowded");

            Assert.Equal(alone, crowded);
            Assert.Equal(aloneWithId, crowdedWithId);
            Assert.Equal(
                new SortedDictionary<string, int> { ["GetItem"] = 1, ["PutItem"] = 1, ["Query"] = 1, ["UpdateItem"] = 1 },
                crowded);

            // Our clients send a clientMessageId with every message: its claim is the one more request.
            Assert.Equal(
                new SortedDictionary<string, int> { ["GetItem"] = 1, ["PutItem"] = 2, ["Query"] = 1, ["UpdateItem"] = 1 },
                crowdedWithId);
        }
        finally
        {
            foreach (var socket in members.Concat(others))
            {
                await socket.DisposeAsync();
            }
        }
    }

    private static async Task<ChatSocket> JoinAsync(GatewayHost gateway, string name, string room)
    {
        var socket = await ChatSocket.ConnectAsync(gateway, name);
        await socket.SendAsync(new { action = "join", room });
        await socket.ReceiveAsync("joined");

        // One invocation at a time (MaxConcurrency=1): after the pong, the join (and its presence broadcast) has finished.
        await socket.SendAsync(new { action = "ping" });
        await socket.ReceiveAsync("pong");
        return socket;
    }

    /// <summary>Counts the DynamoDB requests of one message, from the sender's frame until the function has finished with it.</summary>
    private static async Task<SortedDictionary<string, int>> CountSendAsync(List<ChatSocket> members, string room, CountingHttpClientFactory counting, string text, string? clientMessageId)
    {
        var sender = members[0];
        counting.Reset();

        await sender.SendAsync(clientMessageId is null ? (object)new { action = "sendmessage", room, text } : new { action = "sendmessage", room, text, clientMessageId });
        foreach (var member in members)
        {
            Assert.Equal(text, (await member.ReceiveAsync("message")).Text());
        }

        // One invocation at a time, in order (MaxConcurrency=1): after this pong the message's invocation has returned.
        await sender.SendAsync(new { action = "ping" });
        await sender.ReceiveAsync("pong");
        return new SortedDictionary<string, int>(counting.ByOperation.ToDictionary(), StringComparer.Ordinal);
    }
}
