using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;

namespace ChatRoom.Core.Tests;

/// <summary>
/// What a broadcast does with each <see cref="DeliveryResult"/>. The messenger is an NSubstitute substitute registered
/// after <c>AddInMemory()</c>; it passes sends to the real in-process messenger unless a fault is set for a connection
/// (a fault gets the real send and decides whether to call it).
/// </summary>
public sealed class RoomBroadcasterTests
{
    private readonly ConcurrentDictionary<string, Func<Func<ValueTask<DeliveryResult>>, ValueTask<DeliveryResult>>> _faults = new(StringComparer.Ordinal);
    private readonly IConnectionMessenger _messenger = Substitute.For<IConnectionMessenger>();

    public RoomBroadcasterTests() => _messenger.MaxFrameBytes.Returns(128 * 1024);

    [Fact]
    public async Task Broadcast_MemberGone_RemovesItAndTellsTheRoom()
    {
        await using var host = CreateHost();
        using var gone = Collect(host, "chatroom.connections.gone");
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await alice.DrainAsync();
        await bob.DrainAsync();
        _faults[bob.ConnectionId] = _ => ValueTask.FromResult(DeliveryResult.Gone);
        _messenger.ClearReceivedCalls();

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"anyone there?","clientMessageId":"c-1"}""");

        Frames.AssertMessage(await alice.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "anyone there?", "c-1");
        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "left", bob.ConnectionId, "bob");
        await alice.AssertNoFramesAsync();
        await carol.ExpectAsync("message");
        Frames.AssertPresence(await carol.ExpectAsync("presence"), "general", "left", bob.ConnectionId, "bob");
        await bob.AssertNoFramesAsync();
        var store = host.GetRequiredService<IConnectionStore>();
        Assert.Null(await store.GetConnectionAsync(bob.ConnectionId));
        Assert.DoesNotContain((await store.GetMembersAsync("general", null, 100)).Members, m => m.ConnectionId == bob.ConnectionId);
        Assert.Equal(1, gone.GetMeasurementSnapshot().Sum(m => m.Value));
        await _messenger.Received(1).SendAsync(bob.ConnectionId, Arg.Any<ReadOnlyMemory<byte>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Broadcast_PresenceFindsMemberGone_RemovesItToo()
    {
        await using var host = CreateHost();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        _faults[alice.ConnectionId] = _ => ValueTask.FromResult(DeliveryResult.Gone);

        var carol = await host.ConnectAsync("carol");

        Frames.AssertPresence(await bob.ExpectAsync("presence"), "general", "joined", carol.ConnectionId, "carol");
        Frames.AssertPresence(await bob.ExpectAsync("presence"), "general", "left", alice.ConnectionId, "alice");
        Frames.AssertPresence(await carol.ExpectAsync("presence"), "general", "left", alice.ConnectionId, "alice");
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(alice.ConnectionId));
    }

    [Fact]
    public async Task Reply_SenderGone_RemovesSenderAndTellsTheRoom()
    {
        await using var host = CreateHost();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        _faults[bob.ConnectionId] = _ => ValueTask.FromResult(DeliveryResult.Gone);

        await bob.SendAsync("""{"action":"members","room":"general"}""");

        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "left", bob.ConnectionId, "bob");
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task Broadcast_DeliveryFailed_IsCountedAndLoggedAndNeverReachesTheSender()
    {
        await using var host = CreateHost(services => services.AddFakeLogging());
        using var failed = Collect(host, "chatroom.deliveries.failed");
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await alice.DrainAsync();
        await bob.DrainAsync();
        _faults[bob.ConnectionId] = _ => ValueTask.FromResult(DeliveryResult.Failed);

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"hello","clientMessageId":"c-1"}""");

        Frames.AssertMessage(await alice.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "hello", "c-1");
        await alice.AssertNoFramesAsync();
        await carol.ExpectAsync("message");
        await carol.AssertNoFramesAsync();
        Assert.Equal(1, failed.GetMeasurementSnapshot().Sum(m => m.Value));
        var warning = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 7);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("general", warning.GetStructuredStateValue("Room"));
        Assert.Equal("1", warning.GetStructuredStateValue("FailedCount"));
        Assert.Contains(bob.ConnectionId, (await host.GetRequiredService<IConnectionStore>().GetMembersAsync("general", null, 100)).Members.Select(m => m.ConnectionId));

        _faults.Clear();
        await alice.SayAsync("general", "and again");
        Frames.AssertMessage(await bob.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "and again");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Broadcast_MessengerThrows_IsCountedAsFailedAndNeverReachesTheSender(bool synchronously)
    {
        await using var host = CreateHost();
        using var failed = Collect(host, "chatroom.deliveries.failed");
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await alice.DrainAsync();
        await bob.DrainAsync();
        _faults[bob.ConnectionId] = synchronously
            ? _ => throw new IOException("socket exploded")
            : _ => ValueTask.FromException<DeliveryResult>(new IOException("socket exploded"));

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"hello","clientMessageId":"c-1"}""");

        Frames.AssertMessage(await alice.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "hello", "c-1");
        await alice.AssertNoFramesAsync();
        Frames.AssertMessage(await carol.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "hello", "c-1");
        Assert.Equal(1, failed.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.NotNull(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(bob.ConnectionId));
        Assert.Single((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        _faults.Clear();
    }

    [Fact]
    public async Task Disconnect_MessengerThrowsForAMember_StillRemovesAndTellsTheOthers()
    {
        await using var host = CreateHost();
        using var failed = Collect(host, "chatroom.deliveries.failed");
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await alice.DrainAsync();
        await bob.DrainAsync();
        _faults[bob.ConnectionId] = _ => throw new IOException("socket exploded");

        await host.Engine.DisconnectedAsync(carol.ConnectionId);

        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "left", carol.ConnectionId, "carol");
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(carol.ConnectionId));
        Assert.Equal(1, failed.GetMeasurementSnapshot().Sum(m => m.Value));
        _faults.Clear();
    }

    [Fact]
    public async Task Typing_MessengerThrowsForAMember_OthersStillGetIt()
    {
        await using var host = CreateHost();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await alice.DrainAsync();
        await bob.DrainAsync();
        _faults[bob.ConnectionId] = _ => throw new IOException("socket exploded");

        await alice.SendAsync("""{"action":"typing","room":"general"}""");

        await alice.AssertNoFramesAsync();
        Frames.AssertMember((await carol.ExpectAsync("typing")).GetProperty("member"), alice.ConnectionId, "alice");
        _faults.Clear();
    }

    [Fact]
    public async Task Broadcast_SlowMessenger_StillDeliversToEveryMemberInOrder()
    {
        await using var host = CreateHost(configure: o => o.BroadcastConcurrency = 2);
        var clients = new List<InMemoryChatClient>();
        for (var i = 0; i < 6; i++)
        {
            clients.Add(await host.ConnectAsync($"user-{i}"));
        }

        foreach (var client in clients)
        {
            await client.DrainAsync();
            _faults[client.ConnectionId] = DeliverLaterAsync;
        }

        for (var i = 1; i <= 3; i++)
        {
            await clients[0].SendFrameAsync(new { action = "sendmessage", room = "general", text = $"m{i}" });
        }

        foreach (var client in clients)
        {
            var texts = (await client.DrainAsync()).Select(f => Frames.String(f, "text"));
            Assert.Equal(["m1", "m2", "m3"], texts);
        }
    }

    /// <summary>A slow but working transport: the send completes asynchronously.</summary>
    private static async ValueTask<DeliveryResult> DeliverLaterAsync(Func<ValueTask<DeliveryResult>> send)
    {
        await Task.Yield();
        return await send();
    }

    private ChatTestHost CreateHost(Action<IServiceCollection>? configureServices = null, Action<ChatRoomOptions>? configure = null) =>
        ChatTestHost.Create(configure, services =>
        {
            services.Decorate<IConnectionMessenger>(inner =>
            {
#pragma warning disable CA2012 // NSubstitute configures a call by making it; the ValueTask is never consumed.
                _messenger.SendAsync(Arg.Any<string>(), Arg.Any<ReadOnlyMemory<byte>>(), Arg.Any<CancellationToken>())
#pragma warning restore CA2012
                    .Returns(call =>
                    {
                        var connectionId = call.ArgAt<string>(0);
                        var frame = call.ArgAt<ReadOnlyMemory<byte>>(1);
                        var cancellationToken = call.ArgAt<CancellationToken>(2);
                        return _faults.TryGetValue(connectionId, out var fault)
                            ? fault(() => inner.SendAsync(connectionId, frame, cancellationToken))
                            : inner.SendAsync(connectionId, frame, cancellationToken);
                    });
                return _messenger;
            });
            configureServices?.Invoke(services);
        });

    private static MetricCollector<long> Collect(ChatTestHost host, string instrument) =>
        new(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "ChatRoom", instrument);
}
