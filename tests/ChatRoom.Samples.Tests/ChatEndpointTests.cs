using System.Text.Json;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>Protocol v1 end to end: real sockets against the sample app on Kestrel.</summary>
[Trait("Category", "Integration")]
public sealed class ChatEndpointTests(SampleHostFixture fixture) : IClassFixture<SampleHostFixture>
{
    private SampleHost Host => fixture.Host;

    [Fact]
    public async Task Join_NewRoom_RepliesJoinedWithSelfAsOnlyMemberAndNoHistory()
    {
        var room = Unique.Room("join");
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendAsync(new { action = "join", room });
        var joined = await alice.ReceiveAsync("joined");

        Assert.Equal(room, joined.StringOf("room"));
        Assert.Equal(alice.Name, joined.GetProperty("you").StringOf("name"));
        var member = Assert.Single(joined.Array("members"));
        Assert.Equal(joined.GetProperty("you").StringOf("connectionId"), member.StringOf("connectionId"));
        Assert.Empty(joined.Array("messages"));
        Assert.False(joined.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task SendMessage_ThreeMembers_BroadcastsToEveryoneIncludingSender()
    {
        var room = Unique.Room("broadcast");
        await using var alice = await JoinAsync(room, "alice");
        await using var bob = await JoinAsync(room, "bob");
        await using var carol = await JoinAsync(room, "carol");

        await alice.SendAsync(new { action = "sendmessage", room, text = "Hello, everyone", clientMessageId = "m-1" });

        foreach (var client in new[] { alice, bob, carol })
        {
            var message = await client.ReceiveAsync("message");
            Assert.Equal(room, message.StringOf("room"));
            Assert.Equal("Hello, everyone", message.Text());
            Assert.Equal(alice.Name, message.SenderName());
            Assert.Equal("m-1", message.StringOf("clientMessageId"));
            Assert.Equal(1, message.Seq());
            Assert.False(string.IsNullOrEmpty(message.StringOf("id")));
            Assert.True(message.GetProperty("sentAt").TryGetDateTimeOffset(out _));
        }
    }

    [Fact]
    public async Task History_PagingBackwards_ReturnsOlderPagesUntilNoneAreLeft()
    {
        var room = Unique.Room("history");
        await using var alice = await JoinAsync(room, "alice");
        for (var i = 1; i <= 5; i++)
        {
            await alice.SendAsync(new { action = "sendmessage", room, text = $"message {i}" });
            await alice.ReceiveAsync("message", m => m.Text() == $"message {i}");
        }

        await alice.SendAsync(new { action = "history", room, limit = 2 });
        var newest = await alice.ReceiveAsync("history");
        await alice.SendAsync(new { action = "history", room, before = 4, limit = 2 });
        var middle = await alice.ReceiveAsync("history");
        await alice.SendAsync(new { action = "history", room, before = 2, limit = 2 });
        var oldest = await alice.ReceiveAsync("history");

        Assert.Equal([4L, 5L], newest.Array("messages").Select(m => m.Seq()));
        Assert.True(newest.GetProperty("hasMore").GetBoolean());
        Assert.Equal([2L, 3L], middle.Array("messages").Select(m => m.Seq()));
        Assert.True(middle.GetProperty("hasMore").GetBoolean());
        Assert.Equal(["message 1"], oldest.Array("messages").Select(m => m.Text()));
        Assert.False(oldest.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Join_RoomWithMessages_RepliesWithRecentHistory()
    {
        var room = Unique.Room("recent");
        await using var alice = await JoinAsync(room, "alice");
        await alice.SendAsync(new { action = "sendmessage", room, text = "before you came" });
        await alice.ReceiveAsync("message");

        await using var bob = await ChatSocket.ConnectAsync(Host, Unique.Name("bob"));
        await bob.SendAsync(new { action = "join", room });
        var joined = await bob.ReceiveAsync("joined");

        var message = Assert.Single(joined.Array("messages"));
        Assert.Equal("before you came", message.Text());
        Assert.Equal(alice.Name, message.SenderName());
    }

    [Fact]
    public async Task Join_SecondMember_OthersGetPresenceJoinedAndMembersListsBoth()
    {
        var room = Unique.Room("presence");
        await using var alice = await JoinAsync(room, "alice");
        await using var bob = await JoinAsync(room, "bob");

        var presence = await alice.ReceiveAsync("presence", p => p.StringOf("room") == room);
        await alice.SendAsync(new { action = "members", room });
        var members = await alice.ReceiveAsync("members");

        Assert.Equal("joined", presence.StringOf("event"));
        Assert.Equal(bob.Name, presence.MemberName());
        Assert.Equal(room, members.StringOf("room"));
        Assert.Equal(new[] { alice.Name, bob.Name }.Order(), members.Array("members").Select(m => m.StringOf("name")).Order());
    }

    [Fact]
    public async Task Leave_Member_RepliesLeftAndOthersGetPresenceLeft()
    {
        var room = Unique.Room("leave");
        await using var alice = await JoinAsync(room, "alice");
        await using var bob = await JoinAsync(room, "bob");
        await alice.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "joined");

        await bob.SendAsync(new { action = "leave", room });
        var left = await bob.ReceiveAsync("left");
        var presence = await alice.ReceiveAsync("presence", p => p.StringOf("room") == room);
        await alice.SendAsync(new { action = "members", room });
        var members = await alice.ReceiveAsync("members");

        Assert.Equal(room, left.StringOf("room"));
        Assert.Equal("left", presence.StringOf("event"));
        Assert.Equal(bob.Name, presence.MemberName());
        Assert.Equal([alice.Name], members.Array("members").Select(m => m.StringOf("name")));
    }

    [Fact]
    public async Task Disconnect_Member_OthersGetPresenceLeft()
    {
        var room = Unique.Room("disconnect");
        await using var alice = await JoinAsync(room, "alice");
        var bob = await JoinAsync(room, "bob");
        await alice.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "joined");

        await bob.CloseAsync();
        await bob.DisposeAsync();
        var presence = await alice.ReceiveAsync("presence", p => p.StringOf("room") == room);

        Assert.Equal("left", presence.StringOf("event"));
        Assert.Equal(bob.Name, presence.MemberName());
    }

    [Fact]
    public async Task Typing_Member_OthersGetTyping()
    {
        var room = Unique.Room("typing");
        await using var alice = await JoinAsync(room, "alice");
        await using var bob = await JoinAsync(room, "bob");

        await bob.SendAsync(new { action = "typing", room });
        var typing = await alice.ReceiveAsync("typing");

        Assert.Equal(room, typing.StringOf("room"));
        Assert.Equal(bob.Name, typing.MemberName());
    }

    [Fact]
    public async Task Join_WithSinceAfterReconnect_DeliversMessagesSentMeanwhileExactlyOnce()
    {
        var room = Unique.Room("recover");
        await using var alice = await JoinAsync(room, "alice");
        var bob = await JoinAsync(room, "bob");
        await alice.SendAsync(new { action = "sendmessage", room, text = "seen live" });
        var lastSeen = (await bob.ReceiveAsync("message")).Seq();

        // Bob drops off; alice talks while he is away (after the server has noticed he left).
        await bob.CloseAsync();
        await bob.DisposeAsync();
        await alice.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "left");
        foreach (var text in new[] { "missed 1", "missed 2", "missed 3" })
        {
            await alice.SendAsync(new { action = "sendmessage", room, text });
            await alice.ReceiveAsync("message", m => m.Text() == text);
        }

        await using var bobAgain = await ChatSocket.ConnectAsync(Host, bob.Name);
        await bobAgain.SendAsync(new { action = "join", room, since = lastSeen });
        var joined = await bobAgain.ReceiveAsync("joined");
        await alice.SendAsync(new { action = "sendmessage", room, text = "live again" });
        var nextLive = await bobAgain.ReceiveAsync("message");

        Assert.Equal(["missed 1", "missed 2", "missed 3"], joined.Array("messages").Select(m => m.Text()));
        Assert.Equal([lastSeen + 1, lastSeen + 2, lastSeen + 3], joined.Array("messages").Select(m => m.Seq()));
        Assert.False(joined.GetProperty("hasMore").GetBoolean());
        Assert.Equal("live again", nextLive.Text()); // nothing recovered arrives a second time
        Assert.Equal(lastSeen + 4, nextLive.Seq());
    }

    [Fact]
    public async Task SendMessage_DuplicateClientMessageId_IsStoredOnceAndGoesToTheRoomAgainWithItsSeq()
    {
        var room = Unique.Room("dedupe");
        await using var alice = await JoinAsync(room, "alice");
        await using var bob = await JoinAsync(room, "bob");

        await alice.SendAsync(new { action = "sendmessage", room, text = "once", clientMessageId = "same-id" });
        var first = await alice.ReceiveAsync("message");
        await alice.SendAsync(new { action = "sendmessage", room, text = "once", clientMessageId = "same-id" });
        var again = await alice.ReceiveAsync("message");
        await alice.SendAsync(new { action = "sendmessage", room, text = "next", clientMessageId = "other-id" });
        var next = await alice.ReceiveAsync("message");
        var bobs = new[] { await bob.ReceiveAsync("message"), await bob.ReceiveAsync("message"), await bob.ReceiveAsync("message") };

        // The resend stores nothing new; the room gets the original again (members ignore a seq they have).
        Assert.Equal(first.Seq(), again.Seq());
        Assert.Equal(first.StringOf("id"), again.StringOf("id"));
        Assert.Equal(first.Seq() + 1, next.Seq());
        Assert.Equal([("once", first.Seq()), ("once", first.Seq()), ("next", next.Seq())], bobs.Select(m => (m.Text(), m.Seq())));
    }

    [Fact]
    public async Task SendMessage_DataOnlyRightAfterConnect_ReachesEveryoneInGeneral()
    {
        // Its own app, so "everyone in general" is exactly these three connections.
        await using var host = await SampleHost.StartAsync();
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));
        await using var bob = await ChatSocket.ConnectAsync(host, Unique.Name("bob"));

        // Like the AWS sample's clients: no join, no room, "data" instead of "text", sent as soon as the socket opens.
        await using var wscat = await ChatSocket.ConnectAsync(host, Unique.Name("wscat"), waitUntilReady: false);
        await wscat.SendTextAsync("""{"action":"sendmessage","data":"hello"}""");

        foreach (var client in new[] { alice, bob, wscat })
        {
            var message = await client.ReceiveAsync("message");
            Assert.Equal("general", message.StringOf("room"));
            Assert.Equal("hello", message.Text());
            Assert.Equal(wscat.Name, message.SenderName());
        }
    }

    [Fact]
    public async Task Ping_Always_RepliesPong()
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"), waitUntilReady: false);

        // Each ping gets its own pong, exactly the documented frame; other frames (presence on the shared host) are skipped.
        var pongs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await alice.SendAsync(new { action = "ping" });
            pongs.Add((await alice.ReceiveAsync("pong")).GetRawText());
        }

        Assert.Equal(["""{"type":"pong"}""", """{"type":"pong"}""", """{"type":"pong"}"""], pongs);
    }

    private async Task<ChatSocket> JoinAsync(string room, string name)
    {
        var client = await ChatSocket.ConnectAsync(Host, Unique.Name(name));
        await client.SendAsync(new { action = "join", room });
        await client.ReceiveAsync("joined");
        return client;
    }
}
