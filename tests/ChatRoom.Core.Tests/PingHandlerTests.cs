namespace ChatRoom.Core.Tests;

/// <summary>The <c>ping</c> action.</summary>
public sealed class PingHandlerTests
{
    [Fact]
    public async Task Ping_Always_RepliesPongOnly()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await alice.SendAsync("""{"action":"ping"}""");

        var pong = await alice.ExpectAsync("pong");
        Frames.AssertProperties(pong, "type");
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
    }

    [Fact]
    public async Task Ping_WithUnknownProperties_IgnoresThem()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"ping","room":"general","nonce":42,"extra":{"nested":[1,"two",null]}}""");

        Frames.AssertProperties(await alice.ExpectAsync("pong"), "type");
    }

    [Fact]
    public async Task Ping_Repeated_EachGetsAPong()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        for (var i = 0; i < 5; i++)
        {
            await alice.SendAsync("""{"action":"ping"}""");
        }

        var frames = await alice.DrainAsync();
        Assert.Equal(5, frames.Count);
        Assert.All(frames, f => Assert.Equal("pong", Frames.String(f, "type")));
    }
}
