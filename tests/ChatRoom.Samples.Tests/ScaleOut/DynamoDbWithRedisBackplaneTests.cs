using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Redis.Tests;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.ScaleOut;

/// <summary>Topology B: nodes keep connections and history in DynamoDB (dynalite) and carry broadcasts through Redis.</summary>
[Trait("Category", "Integration")]
public sealed class DynamoDbWithRedisBackplaneTests(DynaliteServer dynalite, RedisServer redis) : IClassFixture<DynaliteServer>, IClassFixture<RedisServer>
{
    [Fact]
    public async Task TwoNodesOnOneTable_WithTheRedisBackplane_ChatAcrossNodesAndKeepEachOthersClients()
    {
        string[] settings =
        [
            "--ChatRoom:Storage=DynamoDb",
            $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
            $"--ChatRoom:DynamoDb:TableName=backplane-{Guid.NewGuid():N}",
            "--ChatRoom:DynamoDb:CreateTableIfMissing=true",
            "--ChatRoom:Backplane=Redis",
            $"--ChatRoom:Redis:Configuration={redis.Configuration}",
            $"--ChatRoom:Redis:KeyPrefix=b{Guid.NewGuid():N}",
        ];
        await using var first = await SampleNodeProcess.StartAsync(settings);
        await using var second = await SampleNodeProcess.StartAsync(settings);

        var room = Unique.Room("topology-b");
        await using var alice = await ChatSocket.ConnectAsync(first, "alice");
        await using var bob = await ChatSocket.ConnectAsync(second, "bob");
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);

        // Each way across the nodes, and the sender on the other node stays registered (never pruned as gone).
        for (var i = 0; i < 3; i++)
        {
            var fromAlice = await alice.SendMessageAsync(room, $"alice {i}", $"a-{i}");
            Assert.Equal(fromAlice.Seq(), (await bob.ReceiveAsync("message", m => m.Text() == $"alice {i}")).Seq());
            var fromBob = await bob.SendMessageAsync(room, $"bob {i}", $"b-{i}");
            Assert.Equal(fromBob.Seq(), (await alice.ReceiveAsync("message", m => m.Text() == $"bob {i}")).Seq());
        }

        await alice.SendAsync(new { action = "members", room });
        var members = await alice.ReceiveAsync("members", m => m.StringOf("room") == room);
        Assert.Equal(["alice", "bob"], members.Array("members").Select(static m => m.StringOf("name")!).Order(StringComparer.Ordinal));
    }
}
