using ChatRoom.InMemory;

namespace ChatRoom.Core.Tests;

/// <summary>Per-room ordering under concurrency: store and fan-out happen in seq order, with no gaps and no repeats.</summary>
public sealed class RoomSequencerTests
{
    private const int Connections = 50;
    private const int MessagesEach = 20;
    private const int Total = Connections * MessagesEach;

    [Fact]
    public async Task SendMessage_FiftyConnectionsInParallel_EveryMemberGetsEveryMessageOnceInSeqOrder()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var clients = new List<InMemoryChatClient>();
        for (var i = 0; i < Connections; i++)
        {
            clients.Add(await host.ConnectAsync($"user-{i}"));
        }

        foreach (var client in clients)
        {
            await client.DrainAsync();
        }

        await Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
        {
            for (var j = 0; j < MessagesEach; j++)
            {
                await client.SendFrameAsync(new { action = "sendmessage", room = "general", text = $"{i}:{j}", clientMessageId = $"c-{j}" });
            }
        })));

        // Every engine call has returned, so every frame is already queued.
        foreach (var client in clients)
        {
            var frames = await client.DrainAsync();
            Assert.All(frames, f => Assert.Equal("message", Frames.String(f, "type")));
            Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), frames.Select(f => Frames.Int64(f, "seq")));

            // Each sender's own messages arrive in the order it sent them.
            var bySender = frames
                .Select(f => Frames.String(f, "text").Split(':'))
                .GroupBy(parts => parts[0], parts => int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Connections, bySender.Count());
            Assert.All(bySender, g => Assert.Equal(Enumerable.Range(0, MessagesEach), g));
        }

        var stored = await host.GetRequiredService<IMessageStore>().GetAfterAsync("general", 0, 10_000);
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), stored.Messages.Select(m => m.Seq));
        Assert.False(stored.HasMore);
    }

    [Fact]
    public async Task SendMessage_ParallelRooms_EachRoomCountsItsOwnSeqs()
    {
        await using var host = ChatTestHost.Create(o =>
        {
            ChatTestHost.LiftRateLimit(o);
            o.DefaultRoom = null;
        });
        var rooms = new[] { "red", "green", "blue" };
        var senders = new List<(InMemoryChatClient Client, string Room)>();
        foreach (var room in rooms)
        {
            for (var i = 0; i < 4; i++)
            {
                var client = await host.ConnectAsync($"{room}-{i}");
                await client.JoinAsync(room);
                senders.Add((client, room));
            }
        }

        foreach (var (client, _) in senders)
        {
            await client.DrainAsync();
        }

        await Task.WhenAll(senders.Select(s => Task.Run(async () =>
        {
            for (var j = 0; j < 25; j++)
            {
                await s.Client.SendFrameAsync(new { action = "sendmessage", room = s.Room, text = $"{s.Room}-{j}" });
            }
        })));

        foreach (var (client, room) in senders)
        {
            var frames = await client.DrainAsync();
            Assert.All(frames, f => Assert.Equal(room, Frames.String(f, "room")));
            Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), frames.Select(f => Frames.Int64(f, "seq")));
        }
    }
}
