namespace ChatRoom.Core.Tests;

/// <summary>The <c>leave</c> action.</summary>
public sealed class LeaveHandlerTests
{
    [Fact]
    public async Task Leave_Member_RepliesLeftAndTellsOthers()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await bob.SendAsync("""{"action":"leave","room":"general"}""");

        var left = await bob.ExpectAsync("left");
        Frames.AssertProperties(left, "type", "room");
        Assert.Equal("general", Frames.String(left, "room"));
        await bob.AssertNoFramesAsync();
        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "left", bob.ConnectionId, "bob");
        await alice.AssertNoFramesAsync();
        Assert.Empty(await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task Leave_ThenActInRoom_IsNotAMemberAndReceivesNothing()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        await bob.SendAsync("""{"action":"leave","room":"general"}""");
        await bob.ExpectAsync("left");
        await alice.DrainAsync();

        await alice.SayAsync("general", "bob is gone");
        await bob.SendAsync("""{"action":"sendmessage","room":"general","text":"wait","clientMessageId":"c-1"}""");

        Frames.AssertError(await bob.ExpectAsync("error"), ChatErrorCodes.NotAMember, "sendmessage", "c-1");
        await bob.AssertNoFramesAsync();
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task Leave_ThenJoinAgain_AnnouncesJoinedAgain()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await bob.SendAsync("""{"action":"leave","room":"general"}""");
        await bob.ExpectAsync("left");
        await alice.DrainAsync();

        await bob.JoinAsync("general");

        Frames.AssertPresence(await alice.ExpectAsync("presence"), "general", "joined", bob.ConnectionId, "bob");
    }

    [Theory]
    [InlineData("""{"action":"leave","room":"lobby"}""", ChatErrorCodes.NotAMember)]
    [InlineData("""{"action":"leave","room":"lobby?"}""", ChatErrorCodes.InvalidRoom)]
    [InlineData("""{"action":"leave"}""", ChatErrorCodes.BadRequest)]
    public async Task Leave_InvalidRequest_RepliesErrorAndTellsNobody(string frame, string code)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await bob.DrainAsync();
        await bob.JoinAsync("lobby");
        await alice.DrainAsync();

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), code, "leave");
        await bob.AssertNoFramesAsync();
        Assert.Equal(["general"], await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(alice.ConnectionId));
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task Leave_Twice_SecondIsNotAMember()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.SendAsync("""{"action":"leave","room":"general"}""");
        await alice.ExpectAsync("left");

        await alice.SendAsync("""{"action":"leave","room":"general"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.NotAMember, "leave");
    }
}
