using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using NSubstitute.Extensions;

namespace ChatRoom.Core.Tests;

/// <summary>The engine's three host calls: connected, frame received, disconnected.</summary>
public sealed class ChatEngineTests
{
    [Fact]
    public async Task ConnectedAsync_DefaultRoom_AnnouncesPresenceToOthersAndSendsNothingToJoiner()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        var bob = await host.ConnectAsync("bob");

        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "joined", bob.ConnectionId, "bob");
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        var store = host.GetRequiredService<IConnectionStore>();
        Assert.Equal(["general"], await store.GetRoomsAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task ConnectedAsync_FirstConnection_IsAloneInDefaultRoomWithoutAnyFrame()
    {
        await using var host = ChatTestHost.Create();

        var alice = await host.ConnectAsync("alice");

        await alice.AssertNoFramesAsync();
        await alice.SendAsync("""{"action":"members","room":"general"}""");
        var members = Frames.Array(await alice.ExpectAsync("members"), "members");
        Frames.AssertMember(Assert.Single(members), alice.ConnectionId, "alice");
    }

    [Fact]
    public async Task ConnectedAsync_ConfiguredDefaultRoom_JoinsThatRoom()
    {
        await using var host = ChatTestHost.Create(o => o.DefaultRoom = "lobby");
        var alice = await host.ConnectAsync("alice");

        var bob = await host.ConnectAsync("bob");

        Frames.AssertPresence(await alice.ExpectAsync("presence"), "lobby", "joined", bob.ConnectionId, "bob");
        Assert.Equal(["lobby"], await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(bob.ConnectionId));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task ConnectedAsync_DefaultRoomTurnedOff_JoinsNoRoom(string? defaultRoom)
    {
        await using var host = ChatTestHost.Create(o => o.DefaultRoom = defaultRoom);
        var alice = await host.ConnectAsync("alice");

        var bob = await host.ConnectAsync("bob");

        Assert.Empty(await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(bob.ConnectionId));
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        await bob.SendAsync("""{"action":"sendmessage","text":"anyone?"}""");
        Frames.AssertError(await bob.ExpectAsync("error"), ChatErrorCodes.NotAMember, "sendmessage");
    }

    [Theory]
    [InlineData(AuthorizationStatus.Forbidden, ConnectStatus.Forbidden)]
    [InlineData(AuthorizationStatus.Unauthenticated, ConnectStatus.Unauthenticated)]
    public async Task ConnectedAsync_AuthorizerRefuses_ReturnsStatusAndRegistersNothing(AuthorizationStatus refusal, ConnectStatus expected)
    {
        var authorizer = Substitute.For<IChatAuthorizer>();
        authorizer.AuthorizeConnectAsync(default!, default!, default)
            .ReturnsForAnyArgs(ci => ci.ArgAt<ConnectionInfo>(0).Member.Name == "mallory"
                ? new AuthorizationDecision { Status = refusal, Reason = "no entry" }
                : AuthorizationDecision.Allow);
        authorizer.AuthorizeJoinAsync(default!, default!, default).ReturnsForAnyArgs(AuthorizationDecision.Allow);
        await using var host = ChatTestHost.Create(configureServices: s => s.AddSingleton(authorizer));
        var alice = await host.ConnectAsync("alice");

        var result = await host.Engine.ConnectedAsync("mallory-1", ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["name"] = "mallory" }));

        Assert.Equal(expected, result.Status);
        Assert.False(result.IsAccepted);
        Assert.Equal("no entry", result.Reason);
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync("mallory-1"));
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task ConnectedAsync_AuthorizerRefusesDefaultRoom_AcceptsWithoutJoiningIt()
    {
        var authorizer = Substitute.For<IChatAuthorizer>();
        authorizer.AuthorizeConnectAsync(default!, default!, default).ReturnsForAnyArgs(AuthorizationDecision.Allow);
        authorizer.AuthorizeJoinAsync(default!, default!, default)
            .ReturnsForAnyArgs(ci => ci.ArgAt<ConnectionInfo>(0).Member.Name == "guest" ? AuthorizationDecision.Forbid("members only") : AuthorizationDecision.Allow);
        await using var host = ChatTestHost.Create(configureServices: s => s.AddSingleton(authorizer));
        var alice = await host.ConnectAsync("alice");

        var guest = await host.ConnectAsync("guest");

        Assert.Empty(await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(guest.ConnectionId));
        Assert.NotNull(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(guest.ConnectionId));
        await alice.AssertNoFramesAsync();
        await guest.AssertNoFramesAsync();
    }

    [Fact]
    public async Task ConnectedAsync_ConnectionStoreUnavailable_ReturnsUnavailable()
    {
        var store = Substitute.For<IConnectionStore>();
        store.AddConnectionAsync(default!, default).ThrowsAsyncForAnyArgs(new ChatStoreUnavailableException("down"));
        store.RemoveConnectionAsync(default!, default).ThrowsAsyncForAnyArgs(new ChatStoreUnavailableException("down"));
        await using var host = ChatTestHost.Create(configureServices: s => s.AddSingleton(store));

        var result = await host.Engine.ConnectedAsync("c-1", ConnectionMetadata.Empty);

        Assert.Equal(ConnectStatus.Unavailable, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public async Task ConnectedAsync_DefaultRoomJoinFails_ReturnsUnavailableAndForgetsConnection()
    {
        IConnectionStore? real = null;
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IConnectionStore>(inner =>
        {
            real = inner;
            var store = Substitute.ForPartsOf<ConnectionStoreDecorator>(inner);
            store.Configure().JoinRoomAsync(default!, default!, default).ThrowsAsyncForAnyArgs(new ChatStoreUnavailableException("down"));
            return store;
        }));

        var result = await host.Engine.ConnectedAsync("c-1", ConnectionMetadata.Empty);

        Assert.Equal(ConnectStatus.Unavailable, result.Status);
        Assert.Null(await real!.GetConnectionAsync("c-1"));
    }

    [Theory]
    [InlineData(typeof(ChatStoreUnavailableException))]
    [InlineData(typeof(InvalidOperationException))]
    public async Task FrameReceivedAsync_ConnectionStoreThrows_IsUnavailableAndStoresNothing(Type exceptionType)
    {
        var failing = false;
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IConnectionStore>(inner =>
        {
            var store = Substitute.ForPartsOf<ConnectionStoreDecorator>(inner);
            store.Configure().GetRoomsAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
                .Returns(call => failing
                    ? Task.FromException<IReadOnlyList<string>>((Exception)Activator.CreateInstance(exceptionType)!)
                    : inner.GetRoomsAsync(call.ArgAt<string>(0), call.ArgAt<CancellationToken>(1)));
            return store;
        }));
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        failing = true;

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":"c-1"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.Unavailable, "sendmessage", "c-1");
        await bob.AssertNoFramesAsync();
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        await alice.AssertUsableAsync();
        failing = false;
    }

    [Fact]
    public async Task FrameReceivedAsync_MembersCannotBeListedAfterStoring_SenderStillGetsAck()
    {
        var failing = false;
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IConnectionStore>(inner =>
        {
            var store = Substitute.ForPartsOf<ConnectionStoreDecorator>(inner);
            store.Configure().GetMembersAsync(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
                .Returns(call => failing
                    ? Task.FromException<MemberPage>(new ChatStoreUnavailableException("down"))
                    : inner.GetMembersAsync(call.ArgAt<string>(0), call.ArgAt<string?>(1), call.ArgAt<int>(2), call.ArgAt<CancellationToken>(3)));
            return store;
        }));
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        failing = true;

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"stored anyway","clientMessageId":"c-1"}""");

        Frames.AssertMessage(await alice.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "stored anyway", "c-1");
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        Assert.Single((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        failing = false;
    }

    [Fact]
    public async Task DisconnectedAsync_MemberOfSeveralRooms_TellsEachRoomItLeft()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.JoinAsync("lobby");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await carol.JoinAsync("lobby");
        await alice.DrainAsync();
        await bob.DrainAsync();
        await carol.DrainAsync();

        await alice.DisposeAsync();

        Frames.AssertPresence(await bob.ExpectAsync("presence"), "general", "left", alice.ConnectionId, "alice");
        await bob.AssertNoFramesAsync();
        var carolFrames = await carol.DrainAsync();
        Assert.Equal(2, carolFrames.Count);
        Assert.All(carolFrames, f => Assert.Equal("left", Frames.String(f, "event")));
        Assert.Equal(["general", "lobby"], carolFrames.Select(f => Frames.String(f, "room")).Order());
        var store = host.GetRequiredService<IConnectionStore>();
        Assert.Null(await store.GetConnectionAsync(alice.ConnectionId));
        Assert.DoesNotContain((await store.GetMembersAsync("lobby", null, 100)).Members, m => m.ConnectionId == alice.ConnectionId);
    }

    [Fact]
    public async Task DisconnectedAsync_CalledTwice_AnnouncesOnce()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await host.Engine.DisconnectedAsync(bob.ConnectionId);
        await host.Engine.DisconnectedAsync(bob.ConnectionId);

        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "left", bob.ConnectionId, "bob");
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task DisconnectedAsync_UnknownConnection_DoesNothing()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await host.Engine.DisconnectedAsync("never-connected");

        await alice.AssertNoFramesAsync();
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task FrameReceivedAsync_ConnectionNoLongerRegistered_RepliesUnavailable()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await host.Engine.DisconnectedAsync(alice.ConnectionId);

        await alice.SendAsync("""{"action":"join","room":"lobby"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.Unavailable, "join");
        Assert.Empty(await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(alice.ConnectionId));
    }

    [Fact]
    public async Task RenewalInterval_StoreWithoutExpiry_IsNull()
    {
        await using var host = ChatTestHost.Create();

        Assert.Null(host.Engine.RenewalInterval);
    }

    [Fact]
    public async Task RenewalInterval_StoreWhoseRecordsExpire_IsAQuarterOfTheTimeToLive()
    {
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IConnectionStore>(inner =>
        {
            var store = Substitute.ForPartsOf<ConnectionStoreDecorator>(inner);
            store.Configure().ConnectionTimeToLive.Returns(TimeSpan.FromHours(3));
            return store;
        }));

        Assert.Equal(TimeSpan.FromMinutes(45), host.Engine.RenewalInterval);
    }

    [Fact]
    public async Task RenewAsync_OpenConnection_TrueUntilItIsRemoved()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        Assert.True(await host.Engine.RenewAsync(alice.ConnectionId));
        await host.Engine.DisconnectedAsync(alice.ConnectionId);
        Assert.False(await host.Engine.RenewAsync(alice.ConnectionId));
    }
}
