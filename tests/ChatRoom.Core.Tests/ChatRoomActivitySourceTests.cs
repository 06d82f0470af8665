using System.Diagnostics;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using NSubstitute.Extensions;

namespace ChatRoom.Core.Tests;

/// <summary>The <c>chatroom.broadcast</c> span: one pass over a room's members, with what reached them.</summary>
public sealed class ChatRoomActivitySourceTests
{
    [Fact]
    public async Task Broadcast_MessageToThreeMembers_TagsRoomMembersAndDeliveries()
    {
        var room = "trace-" + Guid.NewGuid().ToString("N")[..8];
        await using var host = ChatTestHost.Create(static o => o.DefaultRoom = null);
        var alice = await host.ConnectAsync("alice");
        foreach (var member in new[] { alice, await host.ConnectAsync("bob"), await host.ConnectAsync("carol") })
        {
            await member.JoinAsync(room);
        }

        await alice.ExpectAsync("presence");
        await alice.ExpectAsync("presence");
        using var spans = SpanRecorder.ForRoom(room);

        await alice.SayAsync(room, "hello", "c-1");

        // The joins' presence broadcasts may still be ending; the message is the one that reaches all three.
        var broadcast = await spans.WaitForAsync("chatroom.broadcast", span => span.GetTagItem("chatroom.broadcast.delivered") is 3);
        Assert.Equal(ActivityKind.Producer, broadcast.Kind);
        Assert.Equal(room, broadcast.GetTagItem("chatroom.room"));
        Assert.Equal(room, broadcast.GetTagItem("messaging.destination.name"));
        Assert.Equal(1, broadcast.GetTagItem("messaging.batch.message_count"));
        Assert.Equal(3, broadcast.GetTagItem("chatroom.broadcast.members"));
        Assert.Equal(3, broadcast.GetTagItem("chatroom.broadcast.delivered"));
        Assert.Equal(0, broadcast.GetTagItem("chatroom.broadcast.failed"));
        Assert.Equal(0, broadcast.GetTagItem("chatroom.broadcast.gone"));
        Assert.Equal(ActivityStatusCode.Unset, broadcast.Status);
        Assert.Contains(spans.Spans, span => span.OperationName == "chatroom.store.get_members" && span.ParentSpanId == broadcast.SpanId);
    }

    [Fact]
    public async Task Broadcast_RosterUnavailable_IsAnError()
    {
        var failing = false;
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IConnectionStore>(inner =>
        {
            var store = Substitute.ForPartsOf<ConnectionStoreDecorator>(inner);
            store.Configure().GetMembersAsync(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
                .Returns(call => failing ? throw new ChatStoreUnavailableException("down") : inner.GetMembersAsync(call.ArgAt<string>(0), call.ArgAt<string?>(1), call.ArgAt<int>(2), call.ArgAt<CancellationToken>(3)));
            return store;
        }));
        var room = "trace-" + Guid.NewGuid().ToString("N")[..8];
        var alice = await host.ConnectAsync("alice");
        await alice.JoinAsync(room);
        using var spans = SpanRecorder.ForRoom(room);
        failing = true;

        await alice.SendFrameAsync(new { action = "typing", room });

        var broadcast = await spans.WaitForAsync("chatroom.broadcast");
        Assert.Equal(ActivityStatusCode.Error, broadcast.Status);
        Assert.Equal(0, broadcast.GetTagItem("chatroom.broadcast.members"));
    }
}
