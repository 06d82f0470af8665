namespace ChatRoom.Core.Tests;

/// <summary>The <c>members</c> action.</summary>
public sealed class MembersHandlerTests
{
    [Fact]
    public async Task Members_RoomWithSeveralMembers_ListsEveryoneWithExactShape()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await alice.DrainAsync();
        await bob.DrainAsync();

        await alice.SendAsync("""{"action":"members","room":"general"}""");

        var reply = await alice.ExpectAsync("members");
        Frames.AssertProperties(reply, "type", "room", "members", "hasMore");
        Assert.Equal("general", Frames.String(reply, "room"));
        Assert.False(Frames.Boolean(reply, "hasMore"));
        var members = Frames.Array(reply, "members");
        var expected = new Dictionary<string, string>
        {
            [alice.ConnectionId] = "alice",
            [bob.ConnectionId] = "bob",
            [carol.ConnectionId] = "carol",
        };
        Assert.Equal(3, members.Length);
        Assert.All(members, m => Frames.AssertMember(m, Frames.String(m, "connectionId"), expected[Frames.String(m, "connectionId")]));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), members.Select(m => Frames.String(m, "connectionId")).Order(StringComparer.Ordinal));
        await bob.AssertNoFramesAsync();
    }

    [Fact]
    public async Task Members_AfterSomeoneLeaves_NoLongerListsThem()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await bob.DisposeAsync();
        await alice.DrainAsync();

        await alice.SendAsync("""{"action":"members","room":"general"}""");

        Frames.AssertMember(Assert.Single(Frames.Array(await alice.ExpectAsync("members"), "members")), alice.ConnectionId, "alice");
    }

    [Fact]
    public async Task Members_MaxMembersListed_CapsTheList()
    {
        await using var host = ChatTestHost.Create(o => o.MaxMembersListed = 2);
        var alice = await host.ConnectAsync("alice");
        await host.ConnectAsync("bob");
        await host.ConnectAsync("carol");
        await alice.DrainAsync();

        await alice.SendAsync("""{"action":"members","room":"general"}""");

        Assert.Equal(2, Frames.Array(await alice.ExpectAsync("members"), "members").Length);
    }

    [Theory]
    [InlineData("""{"action":"members","room":"lobby"}""", ChatErrorCodes.NotAMember)]
    [InlineData("""{"action":"members","room":"lobby!"}""", ChatErrorCodes.InvalidRoom)]
    [InlineData("""{"action":"members"}""", ChatErrorCodes.BadRequest)]
    public async Task Members_InvalidRequest_RepliesError(string frame, string code)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await bob.JoinAsync("lobby");
        await alice.DrainAsync();

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), code, "members");
        await alice.AssertUsableAsync();
    }
}
