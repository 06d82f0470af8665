using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using NSubstitute.Extensions;

namespace ChatRoom.Core.Tests;

/// <summary>Every error code of protocol v1: its wire value, what triggers it, what is echoed, and that nothing else happens.</summary>
public sealed class ChatErrorCodesTests
{
    [Fact]
    public void Constants_AreTheProtocolWireValues()
    {
        Assert.Equal("bad_request", ChatErrorCodes.BadRequest);
        Assert.Equal("unknown_action", ChatErrorCodes.UnknownAction);
        Assert.Equal("invalid_room", ChatErrorCodes.InvalidRoom);
        Assert.Equal("invalid_text", ChatErrorCodes.InvalidText);
        Assert.Equal("not_a_member", ChatErrorCodes.NotAMember);
        Assert.Equal("too_many_rooms", ChatErrorCodes.TooManyRooms);
        Assert.Equal("rate_limited", ChatErrorCodes.RateLimited);
        Assert.Equal("forbidden", ChatErrorCodes.Forbidden);
        Assert.Equal("unavailable", ChatErrorCodes.Unavailable);
    }

    [Theory]
    [InlineData("bad_request", """{"action":"sendmessage","room":"general","clientMessageId":"c-1"}""", "sendmessage")]
    [InlineData("unknown_action", """{"action":"shout","room":"general","text":"hi","clientMessageId":"c-1"}""", "shout")]
    [InlineData("invalid_room", """{"action":"sendmessage","room":"not a room","text":"hi","clientMessageId":"c-1"}""", "sendmessage")]
    [InlineData("invalid_text", """{"action":"sendmessage","room":"general","text":" ","clientMessageId":"c-1"}""", "sendmessage")]
    [InlineData("not_a_member", """{"action":"sendmessage","room":"lobby","text":"hi","clientMessageId":"c-1"}""", "sendmessage")]
    [InlineData("too_many_rooms", """{"action":"join","room":"lobby","clientMessageId":"c-1"}""", "join")]
    [InlineData("forbidden", """{"action":"join","room":"secret","clientMessageId":"c-1"}""", "join")]
    [InlineData("unavailable", """{"action":"sendmessage","room":"general","text":"boom","clientMessageId":"c-1"}""", "sendmessage")]
    public async Task Error_EachCode_EchoesActionAndClientMessageIdAndChangesNothing(string code, string frame, string action)
    {
        await using var host = CreateHost();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), code, action, "c-1");
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        Assert.Equal(["general"], await host.GetRequiredService<IConnectionStore>().GetRoomsAsync(alice.ConnectionId));

        await alice.AssertUsableAsync();
        await alice.SayAsync("general", "still here", "c-2");
        await bob.ExpectAsync("message");
    }

    [Fact]
    public async Task Error_WithoutClientMessageId_OmitsIt()
    {
        await using var host = CreateHost();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"join","room":"secret"}""");

        var error = await alice.ExpectAsync("error");
        Frames.AssertError(error, "forbidden", "join");
        Assert.False(error.TryGetProperty("clientMessageId", out _));
    }

    /// <summary>One connection per user and room limit of one (the default room), "secret" forbidden, and text "boom" failing in the store.</summary>
    private static ChatTestHost CreateHost()
    {
        var authorizer = Substitute.For<IChatAuthorizer>();
        authorizer.AuthorizeConnectAsync(default!, default!, default).ReturnsForAnyArgs(AuthorizationDecision.Allow);
        authorizer.AuthorizeJoinAsync(default!, default!, default)
            .ReturnsForAnyArgs(call => call.ArgAt<string>(1) == "secret" ? AuthorizationDecision.Forbid("Not for you.") : AuthorizationDecision.Allow);

        return ChatTestHost.Create(
            o => o.MaxRoomsPerConnection = 1,
            services =>
            {
                services.AddSingleton(authorizer);
                services.Decorate<IMessageStore>(inner =>
                {
                    var store = Substitute.ForPartsOf<MessageStoreDecorator>(inner);
                    store.Configure().AppendAsync(Arg.Is<NewChatMessage>(m => m.Text == "boom"), Arg.Any<CancellationToken>())
                        .ThrowsAsync(new ChatStoreUnavailableException("down"));
                    return store;
                });
            });
    }
}
