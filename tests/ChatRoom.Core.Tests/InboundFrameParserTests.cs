namespace ChatRoom.Core.Tests;

/// <summary>Inbound frames: a JSON object with a lowercase <c>action</c>; anything else is <c>bad_request</c>.</summary>
public sealed class InboundFrameParserTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("[]")]
    [InlineData("\"ping\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"room":"general","text":"no action"}""")]
    [InlineData("""{"action":""}""")]
    [InlineData("""{"action":null}""")]
    [InlineData("""{"Action":"ping"}""")]
    [InlineData("""{"action":"ping"} trailing""")]
    public async Task FrameReceived_NotAnObjectWithAction_IsBadRequestWithoutAction(string frame)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), "bad_request", action: null);
        await alice.AssertNoFramesAsync();
        await alice.AssertUsableAsync();
    }

    [Theory]
    [InlineData("""{"action":5}""")]
    [InlineData("""{"action":["ping"]}""")]
    [InlineData("""{"action":"join","room":5}""")]
    [InlineData("""{"action":"join","room":"general","since":"5"}""")]
    [InlineData("""{"action":"join","room":"general","since":1.5}""")]
    [InlineData("""{"action":"history","room":"general","before":true}""")]
    [InlineData("""{"action":"sendmessage","room":"general","text":123,"clientMessageId":"c-1"}""")]
    [InlineData("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":7}""")]
    [InlineData("""{"action":"sendmessage","room":"general","text":{"nested":"object"}}""")]
    public async Task FrameReceived_FieldOfWrongType_IsBadRequestAndStoresNothing(string frame)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await alice.SendAsync(frame);

        var error = await alice.ExpectAsync("error");
        Assert.Equal("bad_request", Frames.String(error, "code"));
        Assert.False(string.IsNullOrWhiteSpace(Frames.String(error, "message")));
        await bob.AssertNoFramesAsync();
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        await alice.AssertUsableAsync();
    }

    [Theory]
    [InlineData("""{"action":"sendmessage","room":"general","text":123,"clientMessageId":"c-1"}""")]
    [InlineData("""{"action":"join","room":"general","since":1.5}""")]
    [InlineData("""{"room":"general","text":"no action"}""")]
    [InlineData("""{"action":"nosuchaction"}""")]
    public async Task FrameReceived_BadFrame_IsAnsweredWithoutThrowing(string frame)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        using (var thrown = ThrownExceptions.Watch())
        {
            await alice.SendAsync(frame);
            Assert.Empty(thrown.Thrown);
        }

        Assert.Equal("error", Frames.String(await alice.ExpectAsync("error"), "type"));
        await alice.AssertUsableAsync();
    }

    [Theory]
    [InlineData("""{"action":"sendmessage","room":"general","text":123,"clientMessageId":"c-1"}""", "sendmessage", "c-1")]
    [InlineData("""{"action":"join","room":"general","since":"5"}""", "join", null)]
    [InlineData("""{"action":"sendmessage","text":"hi","clientMessageId":7}""", "sendmessage", null)]
    public async Task FrameReceived_FieldOfWrongType_ErrorNamesTheActionAndClientMessageId(string frame, string action, string? clientMessageId)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), "bad_request", action, clientMessageId);
    }

    [Fact]
    public async Task FrameReceived_InvalidUtf8_IsBadRequest()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await host.Engine.FrameReceivedAsync(alice.ConnectionId, new byte[] { 0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D });

        Frames.AssertError(await alice.ExpectAsync("error"), "bad_request", action: null);
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task FrameReceived_UnknownPropertiesOnAnAction_AreIgnored()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"hi","priority":"high","meta":{"a":[1,2,3]},"v":2}""");

        Frames.AssertMessage(await alice.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "hi");
    }

    [Theory]
    [InlineData("shout")]
    [InlineData("PING")]
    [InlineData("Join")]
    [InlineData("send_message")]
    public async Task FrameReceived_UnknownAction_IsUnknownActionEchoingIt(string action)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendFrameAsync(new { action, room = "general", text = "hi", clientMessageId = "c-1" });

        Frames.AssertError(await alice.ExpectAsync("error"), "unknown_action", action, "c-1");
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        await alice.AssertUsableAsync();
    }
}
