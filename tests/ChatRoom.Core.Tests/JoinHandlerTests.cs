using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.Extensions;

namespace ChatRoom.Core.Tests;

/// <summary>The <c>join</c> action.</summary>
public sealed class JoinHandlerTests
{
    [Fact]
    public async Task Join_NewRoom_RepliesJoinedWithExactShape()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"join","room":"lobby"}""");

        var joined = await alice.ExpectAsync("joined");
        Frames.AssertProperties(joined, "type", "room", "you", "members", "messages", "hasMore");
        Assert.Equal("lobby", Frames.String(joined, "room"));
        Frames.AssertMember(joined.GetProperty("you"), alice.ConnectionId, "alice");
        Frames.AssertMember(Assert.Single(Frames.Array(joined, "members")), alice.ConnectionId, "alice");
        Assert.Empty(Frames.Array(joined, "messages"));
        Assert.False(Frames.Boolean(joined, "hasMore"));
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task Join_RoomWithMembersAndMessages_ListsEveryoneAndRecentMessages()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.JoinAsync("lobby");
        await alice.SayAsync("lobby", "first", "c-1");
        await alice.SayAsync("lobby", "second");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        var joined = await bob.JoinAsync("lobby");

        var members = Frames.Array(joined, "members");
        Assert.Equal(2, members.Length);
        Frames.AssertMember(members.Single(m => Frames.String(m, "connectionId") == alice.ConnectionId), alice.ConnectionId, "alice");
        Frames.AssertMember(members.Single(m => Frames.String(m, "connectionId") == bob.ConnectionId), bob.ConnectionId, "bob");
        var messages = Frames.Array(joined, "messages");
        Assert.Equal(2, messages.Length);
        Assert.Equal(1, Frames.AssertMessage(messages[0], "lobby", alice.ConnectionId, "alice", "first", "c-1"));
        Assert.Equal(2, Frames.AssertMessage(messages[1], "lobby", alice.ConnectionId, "alice", "second"));
        Assert.False(Frames.Boolean(joined, "hasMore"));
    }

    [Fact]
    public async Task Join_NewlyJoined_AnnouncesPresenceToOthersOnly()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.JoinAsync("lobby");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await bob.JoinAsync("lobby");

        Frames.AssertPresence(await alice.ExpectAsync("presence"), "lobby", "joined", bob.ConnectionId, "bob");
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
    }

    [Fact]
    public async Task Join_AlreadyMember_RepliesAgainWithoutPresence()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        var joined = await bob.JoinAsync("general");

        Assert.Equal("general", Frames.String(joined, "room"));
        Assert.Equal(2, Frames.Array(joined, "members").Length);
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        Assert.Equal(["general"], await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task Join_WithoutSince_ReturnsLatestFiftyAndHasMore()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 60);
        var bob = await host.ConnectAsync("bob");

        var joined = await bob.JoinAsync("general");

        Assert.Equal(Enumerable.Range(11, 50).Select(i => (long)i), Frames.Seqs(joined));
        Assert.Equal("m60", Frames.String(Frames.Array(joined, "messages")[^1], "text"));
        Frames.AssertRange(joined, 11, 60);
        Assert.True(Frames.Boolean(joined, "hasMore"));
    }

    [Fact]
    public async Task Join_WithoutSinceExactlyFiftyMessages_HasNoMore()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 50);
        var bob = await host.ConnectAsync("bob");

        var joined = await bob.JoinAsync("general");

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), Frames.Seqs(joined));
        Assert.False(Frames.Boolean(joined, "hasMore"));
    }

    [Fact]
    public async Task Join_JoinHistoryCountZero_ReturnsNoMessagesButSinceStillRecovers()
    {
        await using var host = ChatTestHost.Create(o => o.JoinHistoryCount = 0);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 3);
        var bob = await host.ConnectAsync("bob");

        var plain = await bob.JoinAsync("general");
        var recovered = await bob.JoinAsync("general", since: 1);

        Assert.Empty(Frames.Array(plain, "messages"));
        Frames.AssertNoRange(plain);
        Assert.Equal([2L, 3L], Frames.Seqs(recovered));
        Frames.AssertRange(recovered, 2, 3);
    }

    [Fact]
    public async Task Join_WithSince_ReturnsEveryMessageAfterIt()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 10);
        var bob = await host.ConnectAsync("bob");

        var joined = await bob.JoinAsync("general", since: 7);

        Assert.Equal([8L, 9L, 10L], Frames.Seqs(joined));
        Assert.Equal(["m8", "m9", "m10"], Frames.Array(joined, "messages").Select(m => Frames.String(m, "text")));
        Frames.AssertRange(joined, 8, 10);
        Assert.False(Frames.Boolean(joined, "hasMore"));
    }

    [Fact]
    public async Task Join_WithSinceUpToDate_ReturnsNoMessages()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 3);

        var joined = await alice.JoinAsync("general", since: 3);

        Assert.Empty(Frames.Array(joined, "messages"));
        Assert.False(Frames.Boolean(joined, "hasMore"));
        Frames.AssertNoRange(joined);
    }

    [Fact]
    public async Task Join_WithSinceBeyondDefaultCap_ReturnsFiveHundredAndHasMore()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 510);
        var bob = await host.ConnectAsync("bob");

        var joined = await bob.JoinAsync("general", since: 0);

        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), Frames.Seqs(joined));
        Assert.True(Frames.Boolean(joined, "hasMore"));
    }

    [Fact]
    public async Task Join_WithSinceAndLoweredCap_RecoversPageByPage()
    {
        await using var host = ChatTestHost.Create(o =>
        {
            ChatTestHost.LiftRateLimit(o);
            o.MaxRecoveryCount = 5;
        });
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 12);
        var bob = await host.ConnectAsync("bob");

        var first = await bob.JoinAsync("general", since: 0);
        var second = await bob.JoinAsync("general", since: Frames.Seqs(first)[^1]);
        var third = await bob.JoinAsync("general", since: Frames.Seqs(second)[^1]);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], Frames.Seqs(first));
        Frames.AssertRange(first, 1, 5);
        Assert.True(Frames.Boolean(first, "hasMore"));
        Assert.Equal([6L, 7L, 8L, 9L, 10L], Frames.Seqs(second));
        Frames.AssertRange(second, 6, 10);
        Assert.True(Frames.Boolean(second, "hasMore"));
        Assert.Equal([11L, 12L], Frames.Seqs(third));
        Assert.False(Frames.Boolean(third, "hasMore"));
    }

    [Fact]
    public async Task Join_MessageSentAfterJoin_ArrivesLiveAfterReply()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.SayAsync("general", "before");
        var bob = await host.ConnectAsync("bob");
        var joined = await bob.JoinAsync("general", since: 0);
        await alice.DrainAsync();

        await alice.SayAsync("general", "after");

        Assert.Equal([1L], Frames.Seqs(joined));
        var live = await bob.ExpectAsync("message");
        Assert.Equal(2, Frames.AssertMessage(live, "general", alice.ConnectionId, "alice", "after"));
    }

    [Theory]
    [InlineData("""{"action":"join"}""", ChatErrorCodes.BadRequest)]
    [InlineData("""{"action":"join","room":""}""", ChatErrorCodes.InvalidRoom)]
    [InlineData("""{"action":"join","room":"two words"}""", ChatErrorCodes.InvalidRoom)]
    [InlineData("""{"action":"join","room":"café"}""", ChatErrorCodes.InvalidRoom)]
    [InlineData("""{"action":"join","room":"a/b"}""", ChatErrorCodes.InvalidRoom)]
    [InlineData("""{"action":"join","room":"lobby","since":-1}""", ChatErrorCodes.BadRequest)]
    public async Task Join_InvalidFrame_RepliesErrorAndJoinsNothing(string frame, string code)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), code, "join");
        Assert.Equal(["general"], await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(alice.ConnectionId));
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task Join_RoomNameOfSixtyFourAllowedCharacters_Succeeds()
    {
        var room = ("Az09-_." + new string('x', 64))[..64];
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        var joined = await alice.JoinAsync(room);

        Assert.Equal(room, Frames.String(joined, "room"));
    }

    [Fact]
    public async Task Join_RoomNameOfSixtyFiveCharacters_IsInvalidRoom()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendFrameAsync(new { action = "join", room = new string('r', 65) });

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.InvalidRoom, "join");
    }

    [Fact]
    public async Task Join_BeyondDefaultRoomLimit_IsTooManyRoomsButRejoiningIsFine()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        for (var i = 1; i < 16; i++)
        {
            await alice.JoinAsync($"room-{i}");
        }

        await alice.SendAsync("""{"action":"join","room":"room-16"}""");
        var error = await alice.ExpectAsync("error");
        await alice.JoinAsync("room-15");

        Frames.AssertError(error, ChatErrorCodes.TooManyRooms, "join");
        var rooms = await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(alice.ConnectionId);
        Assert.Equal(16, rooms.Count);
        Assert.DoesNotContain("room-16", rooms);
    }

    [Fact]
    public async Task Join_AuthorizerRefusesRoom_IsForbiddenWithReason()
    {
        var authorizer = Substitute.For<IChatAuthorizer>();
        authorizer.AuthorizeConnectAsync(default!, default!, default).ReturnsForAnyArgs(AuthorizationDecision.Allow);
        authorizer.AuthorizeJoinAsync(default!, default!, default)
            .ReturnsForAnyArgs(ci => ci.ArgAt<string>(1) == "secret" ? AuthorizationDecision.Forbid("Staff only.") : AuthorizationDecision.Allow);
        await using var host = ChatTestHost.Create(configureServices: s => s.AddSingleton(authorizer));
        var staff = await host.ConnectAsync("staff");
        var alice = await host.ConnectAsync("alice");
        await staff.DrainAsync();

        await alice.SendAsync("""{"action":"join","room":"secret"}""");

        var error = await alice.ExpectAsync("error");
        Frames.AssertError(error, ChatErrorCodes.Forbidden, "join");
        Assert.Equal("Staff only.", Frames.String(error, "message"));
        Assert.DoesNotContain("secret", await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(alice.ConnectionId));
        await authorizer.Received(1).AuthorizeJoinAsync(Arg.Is<ConnectionInfo>(c => c.ConnectionId == alice.ConnectionId), "secret", Arg.Any<CancellationToken>());
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task Join_HistoryUnavailable_WritesNothingSoTheRetryAnnouncesTheJoin()
    {
        var failing = false;
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IMessageStore>(inner =>
        {
            var store = Substitute.ForPartsOf<MessageStoreDecorator>(inner);
            store.Configure().GetLatestAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
                .Returns(call => failing
                    ? Task.FromException<MessagePage>(new ChatStoreUnavailableException("down"))
                    : inner.GetLatestAsync(call.ArgAt<string>(0), call.ArgAt<int>(1), call.ArgAt<CancellationToken>(2)));
            return store;
        }));
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        await alice.SendAsync("""{"action":"join","room":"lobby"}""");
        await alice.ExpectAsync("joined");
        failing = true;

        await bob.SendAsync("""{"action":"join","room":"lobby"}""");
        Frames.AssertError(await bob.ExpectAsync("error"), ChatErrorCodes.Unavailable, "join");
        Assert.DoesNotContain("lobby", await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(bob.ConnectionId));

        failing = false;
        await bob.SendAsync("""{"action":"join","room":"lobby"}""");
        await bob.ExpectAsync("joined");
        Frames.AssertPresence(await alice.ExpectAsync("presence"), "lobby", "joined", bob.ConnectionId, "bob");
    }
}
