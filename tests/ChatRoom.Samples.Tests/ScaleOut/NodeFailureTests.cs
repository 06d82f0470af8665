using ChatRoom.Redis.Tests;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.ScaleOut;

/// <summary>Nodes on one Redis when a node is killed or Redis restarts: the rest goes on, and nothing acknowledged is lost.</summary>
[Trait("Category", "Integration")]
public sealed class NodeFailureTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Node_KilledWithSigkill_ItsClientsLeaveTheOtherNodesRostersAndTheOthersChatOn()
    {
        // A 3-second lease: a dead node's connections are removed within about 4 seconds.
        var nodes = await RedisNodes.StartAsync(redis, 3, "--ChatRoom:Redis:NodeLeaseDuration=00:00:03");
        try
        {
            var room = Unique.Room("kill");
            await using var alice = await ChatSocket.ConnectAsync(nodes[0], "alice");
            await using var bob = await ChatSocket.ConnectAsync(nodes[1], "bob");
            await using var carol = await ChatSocket.ConnectAsync(nodes[2], "carol");
            await using var dave = await ChatSocket.ConnectAsync(nodes[2], "dave");
            foreach (var socket in new[] { alice, bob, carol, dave })
            {
                await socket.JoinAsync(room);
            }

            await carol.SendMessageAsync(room, "from the doomed node", "c-1");
            await alice.ReceiveAsync("message", m => m.Text() == "from the doomed node");

            nodes[2].Kill();

            // Both of the dead node's clients leave alice's room, told by whichever node swept them.
            var left = new HashSet<string>(StringComparer.Ordinal);
            while (left.Count < 2)
            {
                var presence = await alice.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "left");
                left.Add(presence.MemberName()!);
            }

            Assert.Equal(["carol", "dave"], left.Order(StringComparer.Ordinal));

            await alice.SendAsync(new { action = "members", room });
            var members = await alice.ReceiveAsync("members", m => m.StringOf("room") == room);
            Assert.Equal(["alice", "bob"], members.Array("members").Select(static m => m.StringOf("name")!).Order(StringComparer.Ordinal));

            var sent = await bob.SendMessageAsync(room, "still here", "b-1");
            var got = await alice.ReceiveAsync("message", m => m.Text() == "still here");
            Assert.Equal(sent.Seq(), got.Seq());

            await using var erin = await ChatSocket.ConnectAsync(nodes[1], "erin");
            var joined = await erin.JoinAsync(room);
            Assert.Equal(["from the doomed node", "still here"], joined.Array("messages").Select(static m => m.Text()));
        }
        finally
        {
            await RedisNodes.StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Node_PausedLongerThanItsLease_OthersRemoveItsClientsAndOnceResumedItClosesThemWith4410()
    {
        // The registration check runs every quarter of ConnectionTimeToLive (here 0.75 s).
        var nodes = await RedisNodes.StartAsync(redis, 2, "--ChatRoom:Redis:NodeLeaseDuration=00:00:03", "--ChatRoom:Redis:ConnectionTimeToLive=00:00:03");
        try
        {
            var room = Unique.Room("pause");
            await using var alice = await ChatSocket.ConnectAsync(nodes[0], "alice");
            await using var carol = await ChatSocket.ConnectAsync(nodes[1], "carol");
            await alice.JoinAsync(room);
            await carol.JoinAsync(room);

            nodes[1].Pause();
            var presence = await alice.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "left");
            Assert.Equal("carol", presence.MemberName());
            nodes[1].Resume();

            // Its lease had run out and its connections were removed: the node renews its lease and closes the socket
            // whose registration is gone with 4410, so that the client reconnects.
            var (status, _) = await carol.ReceiveCloseAsync();
            Assert.Equal(4410, (int?)status);

            await using var carolAgain = await ChatSocket.ConnectAsync(nodes[1], "carol");
            await carolAgain.JoinAsync(room);
            await alice.SendMessageAsync(room, "welcome back", "a-1");
            Assert.Equal("welcome back", (await carolAgain.ReceiveAsync("message")).Text());
        }
        finally
        {
            await RedisNodes.StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Redis_RestartedMidChatWithAof_SendersGetUnavailableThenTheChatResumesWithoutANodeRestartAndNothingAcknowledgedIsLost()
    {
        await using var durable = await RedisServer.StartNewAsync(appendOnly: true);
        var nodes = await RedisNodes.StartAsync(durable, 2);
        try
        {
            var room = Unique.Room("restart");
            await using var alice = await ChatSocket.ConnectAsync(nodes[0], "alice");
            await using var bob = await ChatSocket.ConnectAsync(nodes[1], "bob");
            await alice.JoinAsync(room);
            await bob.JoinAsync(room);

            var acknowledged = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                await alice.SendMessageAsync(room, $"before {i}", $"a-{i}");
                acknowledged.Add($"before {i}");
                await bob.ReceiveAsync("message", m => m.Text() == $"before {i}");
            }

            await durable.StopAsync();
            await alice.SendAsync(new { action = "sendmessage", room, text = "during", clientMessageId = "a-during" });
            var error = await alice.ReceiveAsync("error");
            Assert.Equal("unavailable", error.StringOf("code"));

            await durable.StartAsync();

            // The client resends with the same clientMessageId until it is acknowledged; the nodes were never restarted.
            for (var resent = 0; ; resent++)
            {
                await alice.SendAsync(new { action = "sendmessage", room, text = "during", clientMessageId = "a-during" });
                var answer = await alice.ReceiveAsync();
                if (answer.Type() == "message" && answer.Text() == "during")
                {
                    acknowledged.Add("during");
                    break;
                }

                Assert.True(answer.Type() != "error" || answer.StringOf("code") == "unavailable", answer.GetRawText());
                Assert.True(resent < 600, "Redis never came back for the nodes.");
                await Task.Delay(100);
            }

            // Live delivery resumes on the other node too (its subscriptions come back with its connection): alice
            // keeps sending until bob gets one live.
            using var stop = new CancellationTokenSource();
            var sender = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    await alice.SendMessageAsync(room, $"after {i}", $"a-after-{i}");
                    acknowledged.Add($"after {i}");
                    await Task.Delay(50);
                }
            });
            await bob.ReceiveAsync("message", m => m.Text().StartsWith("after ", StringComparison.Ordinal));
            await stop.CancelAsync();
            await sender;

            await using var carol = await ChatSocket.ConnectAsync(nodes[1], "carol");
            var joined = await carol.JoinAsync(room);
            Assert.Equal(acknowledged, joined.Array("messages").Select(static m => m.Text()));
        }
        finally
        {
            await RedisNodes.StopAsync(nodes);
        }
    }
}
