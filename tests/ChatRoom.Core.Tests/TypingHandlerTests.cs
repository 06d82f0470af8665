namespace ChatRoom.Core.Tests;

/// <summary>The <c>typing</c> action: tells the others, stores nothing, answers nothing.</summary>
public sealed class TypingHandlerTests
{
    [Fact]
    public async Task Typing_InRoom_OthersGetTypingAndSenderGetsNothing()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await alice.DrainAsync();
        await bob.DrainAsync();

        await alice.SendAsync("""{"action":"typing","room":"general"}""");

        foreach (var other in new[] { bob, carol })
        {
            var typing = await other.ExpectAsync("typing");
            Frames.AssertProperties(typing, "type", "room", "member");
            Assert.Equal("general", Frames.String(typing, "room"));
            Frames.AssertMember(typing.GetProperty("member"), alice.ConnectionId, "alice");
            await other.AssertNoFramesAsync();
        }

        await alice.AssertNoFramesAsync();
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
    }

    [Fact]
    public async Task Typing_OnlyReachesThatRoom()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        await alice.JoinAsync("lobby");

        await alice.SendAsync("""{"action":"typing","room":"lobby"}""");

        await bob.AssertNoFramesAsync();
        await alice.AssertNoFramesAsync();
    }

    [Theory]
    [InlineData("""{"action":"typing","room":"lobby"}""", ChatErrorCodes.NotAMember)]
    [InlineData("""{"action":"typing","room":"lob by"}""", ChatErrorCodes.InvalidRoom)]
    [InlineData("""{"action":"typing"}""", ChatErrorCodes.BadRequest)]
    public async Task Typing_InvalidRequest_RepliesErrorAndTellsNobody(string frame, string code)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await bob.DrainAsync();
        await bob.JoinAsync("lobby");
        await alice.DrainAsync();

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), code, "typing");
        await bob.AssertNoFramesAsync();
        await alice.AssertUsableAsync();
    }
}
