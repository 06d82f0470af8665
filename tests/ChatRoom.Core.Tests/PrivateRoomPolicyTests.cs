using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Core.Tests;

/// <summary>Private rooms (<c>private.*</c>): who may join, and that nothing of them reaches anyone else.</summary>
public sealed class PrivateRoomPolicyTests
{
    [Fact]
    public async Task Join_PrivateRoomGrantedByToken_Joins()
    {
        await using var host = ChatEngineIdentityTests.CreateHost();
        var alice = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice", "private.ops")));

        var joined = await alice.JoinAsync("private.ops");

        Assert.Equal("private.ops", joined.GetProperty("room").GetString());
    }

    [Fact]
    public async Task Join_PrivateRoomListedInOptions_Joins()
    {
        await using var host = ChatEngineIdentityTests.CreateHost(o => o.PrivateRooms["private.ops"] = ["u-bob"]);
        var bob = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-bob", "Bob")));

        var joined = await bob.JoinAsync("private.ops");

        Assert.Equal("private.ops", joined.GetProperty("room").GetString());
    }

    [Fact]
    public async Task Join_PrivateRoomNotGranted_Forbidden()
    {
        await using var host = ChatEngineIdentityTests.CreateHost(o => o.PrivateRooms["private.ops"] = ["u-bob"]);
        var carol = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-carol", "Carol", "private.dev")));

        await carol.SendFrameAsync(new { action = "join", room = "private.ops" });

        Frames.AssertError(await carol.ExpectAsync("error"), ChatErrorCodes.Forbidden, "join");
        Assert.DoesNotContain("private.ops", await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(carol.ConnectionId));
    }

    [Fact]
    public async Task Join_AnonymousConnectionWhoseConnectionIdIsListed_Forbidden()
    {
        // Anonymous connections never get private rooms, whatever their (connection id) user id happens to be.
        await using var host = ChatTestHost.Create();
        var anonymous = await host.ConnectAsync("anon");
        host.GetRequiredService<IOptions<ChatRoomOptions>>().Value.PrivateRooms["private.ops"] = [anonymous.ConnectionId];

        await anonymous.SendFrameAsync(new { action = "join", room = "private.ops" });

        Frames.AssertError(await anonymous.ExpectAsync("error"), ChatErrorCodes.Forbidden, "join");
    }

    [Fact]
    public async Task Join_PrivateRoomGrantedButAppAuthorizerRefuses_Forbidden()
    {
        var authorizer = new RoomBlockingAuthorizer("private.ops");
        await using var host = ChatEngineIdentityTests.CreateHost(configureServices: s => s.AddSingleton<IChatAuthorizer>(authorizer));
        var alice = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice", "private.ops")));

        await alice.SendFrameAsync(new { action = "join", room = "private.ops" });

        var error = await alice.ExpectAsync("error");
        Frames.AssertError(error, ChatErrorCodes.Forbidden, "join");
        Assert.Equal("blocked by the app", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Join_PrivateRoomsTurnedOff_AnyoneJoinsPrivateDotRooms()
    {
        await using var host = ChatTestHost.Create(o => o.PrivateRoomPrefix = "");
        var guest = await host.ConnectAsync("guest");

        var joined = await guest.JoinAsync("private.ops");

        Assert.Equal("private.ops", joined.GetProperty("room").GetString());
    }

    [Fact]
    public async Task Join_CustomPrefix_GuardsThatPrefixOnly()
    {
        await using var host = ChatTestHost.Create(o => o.PrivateRoomPrefix = "staff-");
        var guest = await host.ConnectAsync("guest");

        await guest.JoinAsync("private.ops");
        await guest.SendFrameAsync(new { action = "join", room = "staff-only" });

        Frames.AssertError(await guest.ExpectAsync("error"), ChatErrorCodes.Forbidden, "join");
    }

    [Fact]
    public async Task ConnectedAsync_PrivateDefaultRoom_JoinsMembersOnly()
    {
        await using var host = ChatEngineIdentityTests.CreateHost(o => o.DefaultRoom = "private.ops");
        var alice = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice", "private.ops")));

        var carol = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-carol", "Carol")));

        var store = host.GetRequiredService<IConnectionStore>();
        Assert.Equal(["private.ops"], await store.GetRoomsAsync(alice.ConnectionId));
        Assert.Empty(await store.GetRoomsAsync(carol.ConnectionId));
        await alice.AssertNoFramesAsync();
        await carol.AssertNoFramesAsync();
    }

    [Fact]
    public async Task EveryAction_NonMemberOfPrivateRoom_RefusedAndReceivesNothingOfTheRoom()
    {
        // No default room, so every frame Eve could get would be about private.x.
        await using var host = ChatEngineIdentityTests.CreateHost(o =>
        {
            ChatTestHost.LiftRateLimit(o);
            o.DefaultRoom = null;
        });
        var alice = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice", "private.x")));
        var bob = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-bob", "Bob", "private.x")));
        var eve = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-eve", "Eve")));
        await alice.JoinAsync("private.x");
        await bob.JoinAsync("private.x");
        await alice.DrainAsync();
        await eve.DrainAsync();

        await eve.SendFrameAsync(new { action = "join", room = "private.x" });
        await eve.SendFrameAsync(new { action = "join", room = "private.x", since = 0 });
        await eve.SendFrameAsync(new { action = "history", room = "private.x" });
        await eve.SendFrameAsync(new { action = "members", room = "private.x" });
        await eve.SendFrameAsync(new { action = "typing", room = "private.x" });
        await eve.SendFrameAsync(new { action = "sendmessage", room = "private.x", text = "let me in" });
        await eve.SendFrameAsync(new { action = "leave", room = "private.x" });
        await alice.SayAsync("private.x", "the secret plan");
        await alice.SendFrameAsync(new { action = "typing", room = "private.x" });
        await bob.SendFrameAsync(new { action = "leave", room = "private.x" });
        await bob.DrainAsync();
        await bob.JoinAsync("private.x");

        var codes = new List<string?>();
        foreach (var frame in await eve.DrainAsync())
        {
            Assert.Equal("error", frame.GetProperty("type").GetString());
            codes.Add(frame.GetProperty("code").GetString());
            var text = frame.GetRawText();
            Assert.DoesNotContain("secret plan", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Alice", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Bob", text, StringComparison.Ordinal);
        }

        Assert.Equal(
            [ChatErrorCodes.Forbidden, ChatErrorCodes.Forbidden, ChatErrorCodes.NotAMember, ChatErrorCodes.NotAMember, ChatErrorCodes.NotAMember, ChatErrorCodes.NotAMember, ChatErrorCodes.NotAMember],
            codes);
        var stored = await host.GetRequiredService<IMessageStore>().GetLatestAsync("private.x", 10);
        Assert.Equal(["the secret plan"], stored.Messages.Select(m => m.Text));
    }

    private sealed class RoomBlockingAuthorizer(string room) : IChatAuthorizer
    {
        public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Allow);

        public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string requested, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(requested == room ? AuthorizationDecision.Forbid("blocked by the app") : AuthorizationDecision.Allow);
    }
}
