using System.Threading.Channels;

namespace ChatRoom.Core.Tests;

/// <summary>The server-side API (<see cref="IChatRoomService"/>) on the engine with the in-memory adapter and the in-process messenger.</summary>
public sealed class ChatRoomServiceTests
{
    [Fact]
    public async Task SendMessageAsync_AsSystem_StoresAndBroadcastsMarkedSystemMessage()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        var service = host.GetRequiredService<IChatRoomService>();

        var stored = await service.SendMessageAsync(new ServerMessage { Room = "general", Text = "Maintenance at 18:00." });

        Assert.Equal(1, stored.Seq);
        foreach (var client in new[] { alice, bob })
        {
            var frame = await client.ExpectAsync("message");
            Frames.AssertProperties(frame, "type", "room", "seq", "id", "sender", "text", "sentAt", "system");
            Frames.AssertMember(frame.GetProperty("sender"), "$system", "System");
            Assert.True(Frames.Boolean(frame, "system"));
            Assert.Equal("Maintenance at 18:00.", Frames.String(frame, "text"));
            Assert.Equal(1, Frames.Int64(frame, "seq"));
        }

        var history = (await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages;
        Assert.Equal("$system", Assert.Single(history).Sender.ConnectionId);
    }

    [Fact]
    public async Task SendMessageAsync_AsSystem_JoinedReplyMarksItSystemToo()
    {
        await using var host = ChatTestHost.Create();
        await host.GetRequiredService<IChatRoomService>().SendMessageAsync(new ServerMessage { Room = "lobby", Text = "Welcome.", SenderName = "Lobby bot" });
        var alice = await host.ConnectAsync("alice");

        var joined = await alice.JoinAsync("lobby");

        var message = Assert.Single(Frames.Array(joined, "messages"));
        Assert.True(Frames.Boolean(message, "system"));
        Frames.AssertMember(message.GetProperty("sender"), "$system", "Lobby bot");
    }

    [Fact]
    public async Task SendMessageAsync_AsUser_SendsAsVerifiedUserWithoutSystemFlag()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.DrainAsync();

        await host.GetRequiredService<IChatRoomService>().SendMessageAsync(new ServerMessage { Room = "general", Text = "hi", UserId = "u-42", SenderName = "Carol" });

        var frame = await alice.ExpectAsync("message");
        Frames.AssertProperties(frame, "type", "room", "seq", "id", "sender", "text", "sentAt");
        Frames.AssertMember(frame.GetProperty("sender"), "$server", "Carol", verified: true);
    }

    [Fact]
    public async Task SendMessageAsync_SameClientMessageIdTwice_StoresOnceAndBroadcastsTheOriginalAgain()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.DrainAsync();
        var service = host.GetRequiredService<IChatRoomService>();
        var message = new ServerMessage { Room = "general", Text = "once", ClientMessageId = "job-7" };

        var first = await service.SendMessageAsync(message);
        var second = await service.SendMessageAsync(message);

        Assert.Equal(first.Seq, second.Seq);
        Assert.Equal(first.Id, second.Id);
        Assert.Single((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        Assert.Equal(first.Seq, Frames.Int64(await alice.ExpectAsync("message"), "seq"));
        Assert.Equal(first.Seq, Frames.Int64(await alice.ExpectAsync("message"), "seq"));
    }

    [Fact]
    public async Task SendMessageAsync_AfterClientMessages_TakesTheRoomsNextSeq()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.DrainAsync();
        await alice.SayAsync("general", "one");

        var stored = await host.GetRequiredService<IChatRoomService>().SendMessageAsync(new ServerMessage { Room = "general", Text = "two" });

        Assert.Equal(2, stored.Seq);
    }

    [Theory]
    [InlineData("bad room", "hi", null, null)]
    [InlineData("general", " ", null, null)]
    [InlineData("general", "hi", "$system", null)]
    [InlineData("general", "hi", null, "")]
    public async Task SendMessageAsync_InvalidMessage_ThrowsArgumentExceptionAndStoresNothing(string room, string text, string? userId, string? clientMessageId)
    {
        await using var host = ChatTestHost.Create();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => host.GetRequiredService<IChatRoomService>().SendMessageAsync(
            new ServerMessage { Room = room, Text = text, UserId = userId, ClientMessageId = clientMessageId }));

        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
    }

    [Fact]
    public async Task GetMembersAsync_PagedRoom_ListsEveryMemberOnce()
    {
        await using var host = ChatTestHost.Create();
        var clients = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add((await host.ConnectAsync($"user{i}")).ConnectionId);
        }

        var service = host.GetRequiredService<IChatRoomService>();
        var listed = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await service.GetMembersAsync("general", token, pageSize: 2);
            Assert.True(page.Members.Count <= 2);
            listed.AddRange(page.Members.Select(m => m.ConnectionId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(clients.Order(StringComparer.Ordinal), listed);
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task GetMembersAsync_InvalidArguments_Throw()
    {
        await using var host = ChatTestHost.Create();
        var service = host.GetRequiredService<IChatRoomService>();

        await Assert.ThrowsAsync<ArgumentException>(() => service.GetMembersAsync("no spaces"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.GetMembersAsync("general", pageSize: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.GetMembersAsync("general", pageSize: 1001));
    }

    [Fact]
    public async Task DisconnectAsync_ConnectedClient_ClosesItAndTellsTheRoom()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        await bob.DrainAsync();

        var closed = await host.GetRequiredService<IChatRoomService>().DisconnectAsync(bob.ConnectionId);

        Assert.True(closed);
        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "left", bob.ConnectionId, "bob");
        await Assert.ThrowsAsync<ChannelClosedException>(() => bob.NextAsync());
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(bob.ConnectionId));
        var members = await host.GetRequiredService<IChatRoomService>().GetMembersAsync("general");
        Assert.Equal([alice.ConnectionId], members.Members.Select(m => m.ConnectionId));
    }

    [Fact]
    public async Task DisconnectAsync_UnknownConnection_ReturnsFalse()
    {
        await using var host = ChatTestHost.Create();

        Assert.False(await host.GetRequiredService<IChatRoomService>().DisconnectAsync("nobody"));
    }

    [Fact]
    public async Task DisconnectAsync_MessengerThrows_StillRemovesTheConnection()
    {
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IConnectionMessenger>(inner => new ThrowingOnCloseMessenger(inner)));
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        Assert.False(await host.GetRequiredService<IChatRoomService>().DisconnectAsync(bob.ConnectionId));

        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "left", bob.ConnectionId, "bob");
    }

    private sealed class ThrowingOnCloseMessenger(IConnectionMessenger inner) : MessengerDecorator(inner)
    {
        public override ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The transport broke.");
    }
}
