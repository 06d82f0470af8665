using System.Text.Json;

namespace ChatRoom.Core.Tests;

/// <summary>The per-connection token bucket. No timing assertions: bursts are far larger than any refill could cover.</summary>
public sealed class ConnectionRateLimiterTests
{
    [Fact]
    public async Task FrameReceived_BurstBeyondLimit_IsRateLimitedAndOnlyAcceptedMessagesAreStored()
    {
        await using var host = CreateLimitedHost(burst: 3, perSecond: 1);
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        for (var i = 1; i <= 30; i++)
        {
            await alice.SendFrameAsync(new { action = "sendmessage", room = "general", text = $"m{i}", clientMessageId = $"c-{i}" });
        }

        var replies = await alice.DrainAsync();
        Assert.Equal(30, replies.Count);
        var accepted = new List<string>();
        for (var i = 0; i < replies.Count; i++)
        {
            var reply = replies[i];
            if (Frames.String(reply, "type") == "message")
            {
                Assert.Equal($"c-{i + 1}", Frames.String(reply, "clientMessageId"));
                accepted.Add(Frames.String(reply, "text"));
            }
            else
            {
                Frames.AssertError(reply, "rate_limited", "sendmessage", $"c-{i + 1}");
            }
        }

        Assert.Equal(["m1", "m2", "m3"], accepted.Take(3));
        Assert.InRange(accepted.Count, 3, 29);
        var stored = (await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 100)).Messages;
        Assert.Equal(accepted, stored.Select(m => m.Text));
        Assert.Equal(accepted, (await bob.DrainAsync()).Select(f => Frames.String(f, "text")));
    }

    [Fact]
    public async Task FrameReceived_OverTheLimit_IsAnsweredWithoutThrowing()
    {
        await using var host = CreateLimitedHost(burst: 1, perSecond: 1);
        var alice = await host.ConnectAsync("alice");
        await alice.DrainAsync();

        using (var thrown = ThrownExceptions.Watch())
        {
            for (var i = 0; i < 20; i++)
            {
                await alice.SendAsync("""{"action":"ping"}""");
            }

            Assert.Empty(thrown.Thrown);
        }

        Assert.Contains(await alice.DrainAsync(), f => Frames.String(f, "type") == "error" && Frames.String(f, "code") == "rate_limited");
    }

    [Fact]
    public async Task FrameReceived_AfterBeingRateLimited_WorksAgainLater()
    {
        await using var host = CreateLimitedHost(burst: 3, perSecond: 10);
        var alice = await host.ConnectAsync("alice");
        for (var i = 0; i < 40; i++)
        {
            await alice.SendAsync("""{"action":"ping"}""");
        }

        var burst = await alice.DrainAsync();
        Assert.Contains(burst, f => Frames.String(f, "type") == "error" && Frames.String(f, "code") == "rate_limited");

        // Resend, without asserting how long it takes, until the bucket has refilled enough.
        using var timeout = new CancellationTokenSource(ChatTestHost.HangTimeout);
        JsonElement reply;
        while (true)
        {
            await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"back again","clientMessageId":"c-1"}""");
            reply = await alice.NextAsync();
            if (Frames.String(reply, "type") == "message")
            {
                break;
            }

            Frames.AssertError(reply, "rate_limited", "sendmessage", "c-1");
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }

        Assert.Equal(1, Frames.AssertMessage(reply, "general", alice.ConnectionId, "alice", "back again", "c-1"));
        Assert.Single((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
    }

    [Fact]
    public async Task FrameReceived_OneConnectionRateLimited_OthersAreNot()
    {
        await using var host = CreateLimitedHost(burst: 2, perSecond: 1);
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        for (var i = 0; i < 30; i++)
        {
            await alice.SendAsync("""{"action":"ping"}""");
        }

        await bob.SendAsync("""{"action":"ping"}""");
        await bob.SendAsync("""{"action":"ping"}""");

        Assert.Contains(await alice.DrainAsync(), f => Frames.String(f, "type") == "error");
        Assert.Equal(["pong", "pong"], (await bob.DrainAsync()).Select(f => Frames.String(f, "type")));
    }

    [Fact]
    public async Task Typing_BurstBeyondLimit_IsRateLimitedAndOnlyAcceptedTypingReachesOthers()
    {
        await using var host = CreateLimitedHost(burst: 3, perSecond: 1);
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        var accepted = new List<bool>();
        for (var i = 0; i < 30; i++)
        {
            await alice.SendAsync("""{"action":"typing","room":"general"}""");
            var replies = await alice.DrainAsync();
            Assert.True(replies.Count <= 1, $"Typing got {replies.Count} replies.");
            if (replies.Count == 1)
            {
                Frames.AssertError(replies[0], ChatErrorCodes.RateLimited, "typing");
            }

            accepted.Add(replies.Count == 0);
        }

        Assert.Equal([true, true, true], accepted.Take(3));
        Assert.Contains(false, accepted);
        var typing = await bob.DrainAsync();
        Assert.Equal(accepted.Count(a => a), typing.Count);
        Assert.All(typing, frame => Frames.AssertMember(frame.GetProperty("member"), alice.ConnectionId, "alice"));
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
    }

    [Fact]
    public async Task FrameReceived_MalformedFrames_CountAgainstTheLimit()
    {
        await using var host = CreateLimitedHost(burst: 2, perSecond: 1);
        var alice = await host.ConnectAsync("alice");

        for (var i = 0; i < 30; i++)
        {
            await alice.SendAsync("not json");
        }

        var codes = (await alice.DrainAsync()).Select(f => Frames.String(f, "code")).ToList();
        Assert.Equal(30, codes.Count);
        Assert.Equal(["bad_request", "bad_request"], codes.Take(2));
        Assert.Contains("rate_limited", codes);
    }

    private static ChatTestHost CreateLimitedHost(int burst, int perSecond) => ChatTestHost.Create(o =>
    {
        o.RateLimitBurst = burst;
        o.RateLimitPerSecond = perSecond;
    });
}
