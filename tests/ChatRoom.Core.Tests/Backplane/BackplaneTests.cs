using ChatRoom.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatRoom.Core.Tests;

/// <summary>
/// Two engines with their own sockets (in-process messengers) sharing the stores and a backplane, as two nodes do:
/// a broadcast is published once and each node delivers it to its own members.
/// </summary>
public sealed class BackplaneTests : IAsyncDisposable
{
    private readonly LoopbackBus _bus = new();
    private readonly SharedStores _stores = new();
    private readonly ChatTestHost _nodeA;
    private readonly ChatTestHost _nodeB;

    public BackplaneTests()
    {
        _nodeA = CreateNode();
        _nodeB = CreateNode();
    }

    [Fact]
    public async Task SendMessage_MembersOnTwoNodes_EachGetsItOnceAndNeitherNodeRemovesTheOthersConnection()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await alice.JoinAsync("room");
        await bob.JoinAsync("room");
        await alice.ExpectAsync("presence"); // bob joined: delivered through the backplane

        var sent = await alice.SayAsync("room", "hello bob", "m-1");
        var received = await bob.ExpectAsync("message");

        Assert.Equal(Frames.Int64(sent, "seq"), Frames.Int64(received, "seq"));
        Assert.Equal("hello bob", Frames.String(received, "text"));

        // Without the backplane node A's messenger answers Gone for bob, and A removes him from the shared store.
        var connections = _nodeA.GetRequiredService<IConnectionStore>();
        Assert.NotNull(await connections.GetConnectionAsync(bob.ConnectionId));
        Assert.Contains("room", await connections.GetRoomsAsync(bob.ConnectionId));
        await bob.AssertNoFramesAsync();
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task Presence_JoinOnOneNode_IsPublishedOnceAndReachesTheOtherNodesMember()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await alice.JoinAsync("room");
        await alice.DrainAsync();
        var before = _bus.Publishes;

        await bob.JoinAsync("room");
        var presence = await alice.ExpectAsync("presence");

        Assert.Equal("joined", Frames.String(presence, "event"));
        Assert.Equal(1, _bus.Publishes - before);
        await bob.AssertNoFramesAsync();
    }

    [Fact]
    public async Task Leave_LastMemberOnANode_UnsubscribesThatNodeOnly()
    {
        await using var alice = await _nodeA.ConnectAsync("alice");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await alice.JoinAsync("room");
        await bob.JoinAsync("room");
        var a = (LoopbackBackplane)_nodeA.GetRequiredService<IChatBackplane>();
        var b = (LoopbackBackplane)_nodeB.GetRequiredService<IChatBackplane>();
        Assert.True(_bus.IsSubscribed(a, "room"));
        await alice.ExpectAsync("presence"); // bob joined: delivered through the backplane

        await alice.SendFrameAsync(new { action = "leave", room = "room" });
        await alice.ExpectAsync("left");

        Assert.False(_bus.IsSubscribed(a, "room"));
        Assert.True(_bus.IsSubscribed(b, "room"));
        Assert.Equal("left", Frames.String(await bob.ExpectAsync("presence"), "event"));
        await bob.SayAsync("room", "still here");
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task Disconnect_ConnectionOfANode_ItsOwnershipIsRecordedAndForgotten()
    {
        var alice = await _nodeA.ConnectAsync("alice");
        Assert.Contains(alice.ConnectionId, _bus.Opened);

        await alice.DisposeAsync();

        Assert.Contains(alice.ConnectionId, _bus.Removed);
    }

    [Fact]
    public async Task SendMessage_StoreThatPublishesWithTheAppend_TheEngineDoesNotPublishItAgain()
    {
        await using var node = CreateNode(services => services.Decorate<IMessageStore>(inner => new PublishingMessageStore(inner, _bus)));
        await using var alice = await node.ConnectAsync("alice");
        await using var bob = await _nodeB.ConnectAsync("bob");
        await alice.JoinAsync("room");
        await bob.JoinAsync("room");
        await alice.ExpectAsync("presence"); // bob joined: delivered through the backplane
        var before = _bus.Publishes;

        await alice.SayAsync("room", "once");
        var received = await bob.ExpectAsync("message");

        Assert.Equal("once", Frames.String(received, "text"));
        Assert.Equal(0, _bus.Publishes - before);
        await bob.AssertNoFramesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
    }

    private ChatTestHost CreateNode(Action<IServiceCollection>? configure = null) =>
        ChatTestHost.Create(
            options =>
            {
                ChatTestHost.LiftRateLimit(options);
                options.DefaultRoom = string.Empty;
            },
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IConnectionStore>(_stores.Connections));
                services.Replace(ServiceDescriptor.Singleton<IMessageStore>(_stores.Messages));
                services.AddSingleton<IChatBackplane>(provider => new LoopbackBackplane(_bus, provider));
                configure?.Invoke(services);
            });

    /// <summary>The two in-memory stores both nodes share, as nodes share Redis or DynamoDB.</summary>
    private sealed class SharedStores
    {
        private readonly ServiceProvider _provider = new ServiceCollection()
            .AddChatRoom()
            .AddInMemory()
            .Services
            .BuildServiceProvider();

        public IConnectionStore Connections => _provider.GetRequiredService<IConnectionStore>();

        public IMessageStore Messages => _provider.GetRequiredService<IMessageStore>();
    }

    /// <summary>A store that publishes each message itself with the append, as the Redis store's script does.</summary>
    private sealed class PublishingMessageStore(IMessageStore inner, LoopbackBus bus) : MessageStoreDecorator(inner)
    {
        public override async Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default)
        {
            var appended = await base.AppendAsync(message, cancellationToken);
            bus.PublishMessage(appended.Message);
            return new AppendResult { Message = appended.Message, IsDuplicate = appended.IsDuplicate, IsPublished = true };
        }
    }
}
