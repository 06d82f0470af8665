using System.Text.Json;
using ChatRoom.Redis.Tests;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.ScaleOut;

/// <summary>Three sample nodes, three processes, on one Redis serve one chat (docs/scale-out.md).</summary>
[Trait("Category", "Integration")]
public sealed class ThreeNodesOnRedisTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Clients = 200;
    private const int Rooms = 5;
    private const int SendersPerRoom = 4;
    private const int MessagesPerSender = 5;

    [Fact]
    public async Task Chat_200ClientsOn3NodesIn5Rooms_EveryMemberGetsEveryMessageOnceInSeqOrderAndHistoryHoldsExactlyThem()
    {
        var nodes = await RedisNodes.StartAsync(redis, 3);
        var sockets = new List<ChatSocket>();
        try
        {
            var rooms = Enumerable.Range(0, Rooms).Select(r => Unique.Room($"room{r}")).ToArray();
            for (var i = 0; i < Clients; i++)
            {
                var socket = await ChatSocket.ConnectAsync(nodes[i % nodes.Length], $"client-{i}");
                await socket.JoinAsync(rooms[i % Rooms]);
                sockets.Add(socket);
            }

            // Senders on every node at once; each acknowledgement is the sender's own copy, so it is read with the rest.
            var texts = new HashSet<string>(StringComparer.Ordinal);
            var sends = new List<Task>();
            for (var r = 0; r < Rooms; r++)
            {
                var members = sockets.Where((_, i) => i % Rooms == r).ToArray();
                for (var s = 0; s < SendersPerRoom; s++)
                {
                    var sender = members[s];
                    var room = rooms[r];
                    var batch = Enumerable.Range(0, MessagesPerSender).Select(m => $"{room}/{sender.Name}/{m}").ToArray();
                    texts.UnionWith(batch);
                    sends.Add(SendAllAsync(sender, room, batch));
                }
            }

            var perRoom = SendersPerRoom * MessagesPerSender;
            var received = await Task.WhenAll(sockets.Select(socket => ReadMessagesAsync(socket, perRoom)));
            await Task.WhenAll(sends);

            for (var i = 0; i < Clients; i++)
            {
                var messages = received[i];
                var room = rooms[i % Rooms];
                Assert.All(messages, m => Assert.Equal(room, m.StringOf("room")));
                Assert.Equal(Enumerable.Range(1, perRoom).Select(static s => (long)s), messages.Select(static m => m.Seq()));
                Assert.Equal(texts.Where(t => t.StartsWith(room + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), messages.Select(static m => m.Text()).Order(StringComparer.Ordinal));
            }

            // Nothing more arrives: a marker sent after everything is each member's next message.
            for (var r = 0; r < Rooms; r++)
            {
                var members = sockets.Where((_, i) => i % Rooms == r).ToArray();
                await members[0].SendMessageAsync(rooms[r], "marker");
                foreach (var member in members.Skip(1))
                {
                    var next = await member.ReceiveAsync("message");
                    Assert.Equal("marker", next.Text());
                    Assert.Equal(perRoom + 1, next.Seq());
                }
            }

            // History and the members list are the same from every node.
            foreach (var node in nodes)
            {
                await using var reader = await ChatSocket.ConnectAsync(node, "reader");
                for (var r = 0; r < Rooms; r++)
                {
                    var joined = await reader.JoinAsync(rooms[r]);
                    var history = joined.Array("messages");
                    Assert.Equal(Enumerable.Range(1, perRoom + 1).Select(static s => (long)s), history.Select(static m => m.Seq()));
                    Assert.Equal(
                        texts.Where(t => t.StartsWith(rooms[r] + "/", StringComparison.Ordinal)).Append("marker").Order(StringComparer.Ordinal),
                        history.Select(static m => m.Text()).Order(StringComparer.Ordinal));

                    await reader.SendAsync(new { action = "members", room = rooms[r] });
                    var members = await reader.ReceiveAsync("members");
                    var expected = sockets.Where((_, i) => i % Rooms == r).Select(static s => s.Name).Append("reader").Order(StringComparer.Ordinal);
                    Assert.Equal(expected, members.Array("members").Select(static m => m.StringOf("name")!).Order(StringComparer.Ordinal));
                }
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }

            await RedisNodes.StopAsync(nodes);
        }
    }

    private static async Task SendAllAsync(ChatSocket sender, string room, string[] texts)
    {
        for (var m = 0; m < texts.Length; m++)
        {
            await sender.SendAsync(new { action = "sendmessage", room, text = texts[m], clientMessageId = $"{sender.Name}-{m}" });
        }
    }

    /// <summary>Reads frames until <paramref name="count"/> messages arrived (an error frame fails the test).</summary>
    private static async Task<JsonElement[]> ReadMessagesAsync(ChatSocket socket, int count)
    {
        var messages = new List<JsonElement>();
        while (messages.Count < count)
        {
            var frame = await socket.ReceiveAsync();
            Assert.NotEqual("error", frame.Type());
            if (frame.Type() == "message")
            {
                messages.Add(frame);
            }
        }

        return [.. messages];
    }
}
