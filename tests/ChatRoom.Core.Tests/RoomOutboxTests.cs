using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using ChatRoom.InMemory;
using ChatRoom.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ChatRoom.Core.Tests;

/// <summary>
/// A room's broadcasts leave in seq order, several per pass when they pile up, and a join sees each message once.
/// Sends to one member can be held, so that a pass stays under way while more is queued behind it.
/// </summary>
public sealed class RoomOutboxTests
{
    private readonly SendHold _hold = new();

    [Fact]
    public async Task Queue_WhileAPassIsUnderWay_SendsWhatPiledUpInOnePassInSeqOrder()
    {
        await using var host = CreateHost();
        var clients = await ConnectQuietlyAsync(host, "alice", "bob", "carol", "dave", "erin");
        var (alice, bob, senders) = (clients[0], clients[1], clients[2..]);
        using var passes = new MetricCollector<double>(host.Services.GetRequiredService<IMeterFactory>(), ChatRoomMetrics.MeterName, "chatroom.broadcast.duration");
        _hold.Target = bob.ConnectionId;

        var first = Say(alice, "general", "m0");
        await _hold.Reached.WaitAsync(ChatTestHost.HangTimeout);
        var queued = senders.Select((sender, i) => Say(sender, "general", $"m{i + 1}")).ToArray();
        await WaitForQueuedAsync(host, 4);
        _hold.Release();
        await Task.WhenAll([first, .. queued]).WaitAsync(ChatTestHost.HangTimeout);

        // One pass for m0, held; one for the three queued behind it.
        Assert.Equal(2, passes.GetMeasurementSnapshot().Count);
        foreach (var client in new[] { alice, bob }.Concat(senders))
        {
            var messages = (await client.DrainAsync()).Where(f => Frames.String(f, "type") == "message").ToList();
            Assert.Equal([1L, 2, 3, 4], messages.Select(m => Frames.Int64(m, "seq")));
        }
    }

    [Fact]
    public async Task SendMessage_ParallelSendersOverAnAsynchronousTransport_EveryMemberGetsEveryMessageOnceInSeqOrder()
    {
        const int Senders = 20;
        const int MessagesEach = 10;
        await using var host = ChatTestHost.Create(
            o =>
            {
                ChatTestHost.LiftRateLimit(o);
                o.BroadcastConcurrency = 4;
            },
            services => services.Decorate<IConnectionMessenger>(inner => new AsynchronousMessenger(inner)));
        var clients = new List<InMemoryChatClient>();
        for (var i = 0; i < Senders; i++)
        {
            clients.Add(await host.ConnectAsync($"user-{i}"));
        }

        await DrainAllAsync(clients);
        await Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
        {
            for (var j = 0; j < MessagesEach; j++)
            {
                await Say(client, "general", $"{i}:{j}");
            }
        }))).WaitAsync(ChatTestHost.HangTimeout);

        foreach (var client in clients)
        {
            var seqs = (await client.DrainAsync()).Select(f => Frames.Int64(f, "seq"));
            Assert.Equal(Enumerable.Range(1, Senders * MessagesEach).Select(i => (long)i), seqs);
        }
    }

    [Fact]
    public async Task Join_WhileMessagesAreQueued_SeesEachMessageOnceInHistoryAndNeverLive()
    {
        await using var host = CreateHost();
        var clients = await ConnectQuietlyAsync(host, "alice", "bob", "carol", "dave");
        var (alice, bob, carol, dave) = (clients[0], clients[1], clients[2], clients[3]);
        foreach (var member in new[] { alice, bob, carol })
        {
            await member.JoinAsync("lobby");
            await DrainAllAsync([alice, bob, carol]);
        }

        _hold.Target = bob.ConnectionId;

        // m1's pass is held on bob; m2 is stored and queued behind it, not sent to anyone yet.
        var first = Say(alice, "lobby", "m1");
        await _hold.Reached.WaitAsync(ChatTestHost.HangTimeout);
        var second = Say(carol, "lobby", "m2");
        await WaitForQueuedAsync(host, 2, "lobby");
        var join = dave.SendFrameAsync(new { action = "join", room = "lobby" });
        _hold.Release();
        await Task.WhenAll(first, second, join).WaitAsync(ChatTestHost.HangTimeout);

        var frames = await dave.DrainAsync();
        var joined = Assert.Single(frames, f => Frames.String(f, "type") == "joined");
        Assert.Equal([1L, 2], Frames.Seqs(joined));
        Assert.DoesNotContain(frames, f => Frames.String(f, "type") == "message");
        await dave.SayAsync("lobby", "m3");
        Assert.Equal([1L, 2, 3], (await bob.DrainAsync()).Where(f => Frames.String(f, "type") == "message").Select(m => Frames.Int64(m, "seq")));
    }

    [Fact]
    public async Task Pass_MemberGoneForEveryFrame_IsRemovedAndAnnouncedOnce()
    {
        await using var host = CreateHost();
        var clients = await ConnectQuietlyAsync(host, "alice", "bob", "carol", "dave", "erin");
        var (alice, bob, carol, dave, erin) = (clients[0], clients[1], clients[2], clients[3], clients[4]);
        using var gone = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), ChatRoomMetrics.MeterName, "chatroom.connections.gone");
        _hold.Target = bob.ConnectionId;

        // m1's pass is held on bob; m2 and m3 pile up and go out in one pass that finds dave gone.
        var first = Say(alice, "general", "m1");
        await _hold.Reached.WaitAsync(ChatTestHost.HangTimeout);
        _hold.Gone = dave.ConnectionId;
        var queued = new[] { Say(carol, "general", "m2"), Say(erin, "general", "m3") };
        await WaitForQueuedAsync(host, 3);
        _hold.Release();
        await Task.WhenAll([first, .. queued]).WaitAsync(ChatTestHost.HangTimeout);

        Assert.Equal(1, gone.GetMeasurementSnapshot().Sum(m => m.Value));
        var bobFrames = await bob.DrainAsync();
        Assert.Single(bobFrames, f => Frames.String(f, "type") == "presence" && Frames.String(f, "event") == "left");
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(dave.ConnectionId));
    }

    [Fact]
    public async Task Pass_ThatThrows_FailsItsSendersAndTheRoomGoesOn()
    {
        var failNextRoster = new StrongBox<bool>();
        await using var host = CreateHost(services => services.Decorate<IConnectionStore>(inner => new FailingRosterStore(inner, failNextRoster)));
        var clients = await ConnectQuietlyAsync(host, "alice", "bob");
        var (alice, bob) = (clients[0], clients[1]);

        failNextRoster.Value = true;
        await alice.SendFrameAsync(new { action = "sendmessage", room = "general", text = "lost in a broken pass", clientMessageId = "c-1" });

        // The engine answered the sender (an internal error is reported, not swallowed), and the room still works.
        Assert.Equal("error", Frames.String(await alice.NextAsync(), "type"));
        await bob.AssertNoFramesAsync();
        var next = await alice.SayAsync("general", "after");
        Assert.Equal(2, Frames.Int64(next, "seq"));
        Assert.Equal("after", Frames.String(await bob.ExpectAsync("message"), "text"));
    }

    private ChatTestHost CreateHost(Action<IServiceCollection>? configureServices = null) =>
        ChatTestHost.Create(ChatTestHost.LiftRateLimit, services =>
        {
            services.Decorate<IConnectionMessenger>(inner => new HeldMessenger(inner, _hold));
            configureServices?.Invoke(services);
        });

    /// <summary>Connects clients with these names (each joins the default room) and reads what their arrival sent.</summary>
    private static async Task<InMemoryChatClient[]> ConnectQuietlyAsync(ChatTestHost host, params string[] names)
    {
        var clients = new InMemoryChatClient[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            clients[i] = await host.ConnectAsync(names[i]);
        }

        await DrainAllAsync(clients);
        return clients;
    }

    /// <summary>Sends a message without reading anything back: the caller reads frames once the sends are done.</summary>
    private static Task Say(InMemoryChatClient client, string room, string text) =>
        client.SendFrameAsync(new { action = "sendmessage", room, text });

    private static async Task DrainAllAsync(IEnumerable<InMemoryChatClient> clients)
    {
        foreach (var client in clients)
        {
            await client.DrainAsync();
        }
    }

    /// <summary>Waits (bounded) until the room's history holds <paramref name="count"/> messages and all are queued.</summary>
    private static async Task WaitForQueuedAsync(ChatTestHost host, int count, string room = "general")
    {
        var store = host.GetRequiredService<IMessageStore>();
        using var timeout = new CancellationTokenSource(ChatTestHost.HangTimeout);
        while ((await store.GetAfterAsync(room, 0, 100, timeout.Token)).Messages.Count < count)
        {
            await Task.Delay(5, timeout.Token);
        }

        // A message is queued before its sender gives up the room's turn: taking the turn once means it is queued.
        using (await host.GetRequiredService<RoomSequencer>().EnterAsync(room, timeout.Token))
        {
        }
    }
}
