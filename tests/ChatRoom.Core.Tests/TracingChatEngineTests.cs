using System.Diagnostics;
using ChatRoom.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace ChatRoom.Core.Tests;

/// <summary>The <c>chatroom.connect</c>, <c>chatroom.frame</c>, <c>chatroom.disconnect</c> and store spans of the <c>ChatRoom</c> activity source.</summary>
public sealed class TracingChatEngineTests
{
    [Fact]
    public async Task ConnectedAsync_TraceParentHeader_ParentsConnectSpanOnItWithStoreCallsBelow()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var parentSpanId = ActivitySpanId.CreateRandom();
        using var spans = SpanRecorder.Follow(traceId);
        await using var host = ChatTestHost.Create();
        var metadata = new ConnectionMetadata
        {
            QueryParameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = "alice" },
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["TraceParent"] = $"00-{traceId}-{parentSpanId}-01", ["tracestate"] = "vendor=1" },
        };

        var alice = await host.ConnectAsync(metadata);

        var connect = spans.Single("chatroom.connect");
        Assert.Equal(parentSpanId, connect.ParentSpanId);
        Assert.True(connect.HasRemoteParent);
        Assert.Equal("vendor=1", connect.TraceStateString);
        Assert.Equal(ActivityKind.Server, connect.Kind);
        Assert.Equal(alice.ConnectionId, connect.GetTagItem("chatroom.connection.id"));
        Assert.Equal("accepted", connect.GetTagItem("chatroom.connect.status"));
        Assert.Equal(ActivityStatusCode.Unset, connect.Status);
        var add = spans.Single("chatroom.store.add_connection");
        Assert.Equal(connect.SpanId, add.ParentSpanId);
        Assert.Equal(ActivityKind.Client, add.Kind);
        Assert.Equal("IConnectionStore", add.GetTagItem("chatroom.store"));
        Assert.Equal("add_connection", add.GetTagItem("db.operation.name"));
        var join = spans.Single("chatroom.store.join_room");
        Assert.Equal(connect.SpanId, join.ParentSpanId);
        Assert.Equal("general", join.GetTagItem("chatroom.room"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-traceparent")]
    public async Task ConnectedAsync_NoValidTraceParent_ParentsConnectSpanOnCurrentActivity(string? traceParent)
    {
        using var spans = SpanRecorder.StartTrace();
        await using var host = ChatTestHost.Create();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (traceParent is not null)
        {
            headers["traceparent"] = traceParent;
        }

        await host.ConnectAsync(ConnectionMetadata.Empty with { Headers = headers });

        Assert.Equal(spans.Root.SpanId, spans.Single("chatroom.connect").ParentSpanId);
    }

    [Fact]
    public async Task FrameReceivedAsync_SendMessage_TagsActionWithAppendBelow()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        using var spans = SpanRecorder.StartTrace();

        await alice.SayAsync("general", "hello", "c-1");

        var frame = spans.Single("chatroom.frame");
        Assert.Equal(spans.Root.SpanId, frame.ParentSpanId);
        Assert.Equal("sendmessage", frame.GetTagItem("chatroom.action"));
        Assert.Equal(alice.ConnectionId, frame.GetTagItem("chatroom.connection.id"));
        Assert.True(frame.GetTagItem("messaging.message.body.size") is int size && size > 0);
        var append = spans.Single("chatroom.store.append");
        Assert.Equal(frame.SpanId, append.ParentSpanId);
        Assert.Equal("general", append.GetTagItem("chatroom.room"));
        Assert.Equal("IMessageStore", append.GetTagItem("chatroom.store"));
    }

    [Theory]
    [InlineData("""{"action":"drop table","room":"general"}""", "_OTHER")]
    [InlineData("""{"room":{"nested":[1,2]},"action":"ping"}""", "ping")]
    [InlineData("""{"action":42}""", null)]
    [InlineData("""not json""", null)]
    [InlineData("""{"action":"\ud800","room":"x"}""", "_OTHER")]
    [InlineData("""{"\ud800":1,"action":"ping"}""", "ping")]
    public async Task FrameReceivedAsync_AnyFrame_TagsOnlyAKnownActionName(string json, string? expected)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        using var spans = SpanRecorder.StartTrace();

        await alice.SendAsync(json);

        Assert.Equal(expected, spans.Single("chatroom.frame").GetTagItem("chatroom.action"));
    }

    [Fact]
    public async Task DisconnectedAsync_Connection_TracesDisconnectWithRemovalBelow()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        using var spans = SpanRecorder.StartTrace();

        await host.Engine.DisconnectedAsync(alice.ConnectionId);

        var disconnect = spans.Single("chatroom.disconnect");
        Assert.Equal(alice.ConnectionId, disconnect.GetTagItem("chatroom.connection.id"));
        Assert.Equal(disconnect.SpanId, spans.Single("chatroom.store.remove_connection").ParentSpanId);
    }

    [Fact]
    public async Task ConnectedAsync_StoreUnavailable_MarksStoreAndConnectSpansAsErrors()
    {
        var store = Substitute.For<IConnectionStore>();
        store.AddConnectionAsync(default!, default).ThrowsAsyncForAnyArgs(new ChatStoreUnavailableException("down"));
        store.RemoveConnectionAsync(default!, default).ReturnsForAnyArgs(Task.FromResult<IReadOnlyList<string>>([]));
        var services = new ServiceCollection();
        var builder = services.AddChatRoom().AddInMemory();
        builder.Services.Replace(ServiceDescriptor.Singleton(store));
        await using var provider = services.BuildServiceProvider();
        using var spans = SpanRecorder.StartTrace();

        var result = await provider.GetRequiredService<IChatEngine>().ConnectedAsync("c-1", ConnectionMetadata.Empty);

        Assert.Equal(ConnectStatus.Unavailable, result.Status);
        var connect = spans.Single("chatroom.connect");
        Assert.Equal(ActivityStatusCode.Error, connect.Status);
        Assert.Equal("unavailable", connect.GetTagItem("chatroom.connect.status"));
        var add = spans.Single("chatroom.store.add_connection");
        Assert.Equal(ActivityStatusCode.Error, add.Status);
        Assert.Equal("down", add.StatusDescription);
        Assert.Equal(typeof(ChatStoreUnavailableException).FullName, add.GetTagItem("error.type"));
        Assert.Contains(add.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task ConnectedAsync_Refused_TagsStatusWithoutError()
    {
        await using var host = ChatTestHost.Create(configureServices: s => s.AddSingleton<IChatAuthorizer>(new RefuseAll()));
        using var spans = SpanRecorder.StartTrace();

        var result = await host.Engine.ConnectedAsync("c-1", ConnectionMetadata.Empty);

        Assert.Equal(ConnectStatus.Forbidden, result.Status);
        var connect = spans.Single("chatroom.connect");
        Assert.Equal("forbidden", connect.GetTagItem("chatroom.connect.status"));
        Assert.Equal(ActivityStatusCode.Unset, connect.Status);
    }

    private sealed class RefuseAll : IChatAuthorizer
    {
        public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Forbid("no"));

        public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Allow);
    }
}
