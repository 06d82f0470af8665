using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ChatRoom.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.AspNetCore.Tests;

[Trait("Category", "Integration")]
public sealed class WebSocketChatHostTests
{
    private const string Room = "lobby";

    /// <summary>For tests on a fake clock: a write delay would hold every frame after the first until the test moved it.</summary>
    private static readonly Action<WebSocketHostOptions> NoWriteDelay = static o => o.WriteDelay = TimeSpan.Zero;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_TwoClientsInRoom_BroadcastsMessageToBoth(bool batchedWrites)
    {
        await using var host = ChatHostHarness.Create(batchedWrites: batchedWrites);
        var alice = await host.ConnectAsync("Alice");
        var bob = await host.ConnectAsync("Bob");
        await alice.JoinAsync(Room);
        var joined = await bob.JoinAsync(Room);
        await alice.ReceivePresenceAsync("joined", bob.ConnectionId);

        await alice.SendTextAsync("""{"action":"sendmessage","room":"lobby","text":"hi bob","clientMessageId":"m-1"}""");

        var received = await bob.ReceiveAsync("message");
        var echo = await alice.ReceiveAsync("message");
        Assert.Equal(["Alice", "Bob"], joined.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()).Order());
        Assert.Equal("hi bob", received.GetProperty("text").GetString());
        Assert.Equal(1, received.GetProperty("seq").GetInt64());
        Assert.Equal(alice.ConnectionId, received.GetProperty("sender").GetProperty("connectionId").GetString());
        Assert.Equal("Alice", received.GetProperty("sender").GetProperty("name").GetString());
        Assert.Equal(received.GetProperty("id").GetString(), echo.GetProperty("id").GetString());
        Assert.Equal("m-1", echo.GetProperty("clientMessageId").GetString());
    }

    [Fact]
    public async Task RunAsync_WriteDelay_EveryMessageArrivesWholeAndInOrder()
    {
        const int Messages = 50;
        await using var host = ChatHostHarness.Create(
            o => (o.RateLimitPerSecond, o.RateLimitBurst) = (1_000_000, 1_000_000),
            o => o.WriteDelay = TimeSpan.FromMilliseconds(5),
            batchedWrites: true);
        var alice = await host.ConnectAsync("Alice");
        var bob = await host.ConnectAsync("Bob");
        await alice.JoinAsync(Room);
        await bob.JoinAsync(Room);

        for (var i = 1; i <= Messages; i++)
        {
            await alice.SendTextAsync(JsonSerializer.Serialize(new { action = "sendmessage", room = Room, text = $"message {i}" }));
        }

        var texts = new List<string?>();
        while (texts.Count < Messages)
        {
            texts.Add((await bob.ReceiveAsync("message")).GetProperty("text").GetString());
        }

        Assert.Equal(Enumerable.Range(1, Messages).Select(i => $"message {i}"), texts);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(32 * 1024)]
    public async Task RunAsync_FrameOfExactlyMaxFrameBytes_IsHandled(int maxFrameBytes)
    {
        await using var host = ChatHostHarness.Create(configureHost: o => o.MaxFrameBytes = maxFrameBytes);
        var alice = await host.ConnectAsync("Alice");

        await alice.SendTextAsync(PaddedPing(maxFrameBytes));

        Assert.Equal("pong", (await alice.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_MessageLargerThanInitialBuffer_IsBroadcastWhole(bool batchedWrites)
    {
        await using var host = ChatHostHarness.Create(o => o.MaxMessageLength = 20_000, batchedWrites: batchedWrites);
        var alice = await host.ConnectAsync("Alice");
        var bob = await host.ConnectAsync("Bob");
        await alice.JoinAsync(Room);
        await bob.JoinAsync(Room);
        var text = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"{i % 10}ab{i:D4}\n")).TrimEnd();

        await alice.SendTextAsync(JsonSerializer.Serialize(new { action = "sendmessage", room = Room, text }));

        Assert.Equal(text, (await bob.ReceiveAsync("message")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task RunAsync_FragmentedFrame_IsReassembled()
    {
        await using var host = ChatHostHarness.Create();
        var alice = await host.ConnectAsync("Alice");
        var frame = Encoding.UTF8.GetBytes(PaddedPing(9_000));

        for (var offset = 0; offset < frame.Length; offset += 1_000)
        {
            var count = Math.Min(1_000, frame.Length - offset);
            await alice.Socket.SendAsync(frame.AsMemory(offset, count), WebSocketMessageType.Text, offset + count == frame.Length, host.Timeout);
        }

        Assert.Equal("pong", (await alice.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(1_000, 1_001)]
    [InlineData(10_000, 10_001)]
    [InlineData(32 * 1024, 32 * 1024 + 1)]
    [InlineData(32 * 1024, 1024 * 1024)]
    public async Task RunAsync_FrameOverMaxFrameBytes_ClosesWithMessageTooBigAndRemovesConnection(int maxFrameBytes, int frameBytes)
    {
        await using var host = ChatHostHarness.Create(configureHost: o => o.MaxFrameBytes = maxFrameBytes);
        var alice = await host.ConnectAsync("Alice");
        var bob = await host.ConnectAsync("Bob");
        await alice.JoinAsync(Room);
        await bob.JoinAsync(Room);

        await bob.SendTextAsync(PaddedPing(frameBytes));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await bob.ReceiveCloseAsync());

        // The server waits for the client's answer, so both ends see a complete close handshake.
        Assert.Equal(WebSocketState.Closed, await bob.Session.WaitAsync(host.Timeout));
        Assert.Equal(WebSocketState.Closed, bob.Socket.State);
        await alice.ReceivePresenceAsync("left", bob.ConnectionId);
        Assert.Null(await host.Connections.GetConnectionAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task RunAsync_BinaryFrame_ClosesWithInvalidMessageTypeAndRemovesConnection()
    {
        await using var host = ChatHostHarness.Create();
        var alice = await host.ConnectAsync("Alice");
        var bob = await host.ConnectAsync("Bob");
        await alice.JoinAsync(Room);
        await bob.JoinAsync(Room);

        await bob.Socket.SendAsync(Encoding.UTF8.GetBytes("""{"action":"ping"}""").AsMemory(), WebSocketMessageType.Binary, true, host.Timeout);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await bob.ReceiveCloseAsync());

        // The server waits for the client's answer, so both ends see a complete close handshake.
        Assert.Equal(WebSocketState.Closed, await bob.Session.WaitAsync(host.Timeout));
        Assert.Equal(WebSocketState.Closed, bob.Socket.State);
        await alice.ReceivePresenceAsync("left", bob.ConnectionId);
        Assert.Null(await host.Connections.GetConnectionAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task RunAsync_ClientCloses_RepliesWithCloseAndRemovesConnection()
    {
        await using var host = ChatHostHarness.Create();
        var alice = await host.ConnectAsync("Alice");
        var bob = await host.ConnectAsync("Bob");
        await alice.JoinAsync(Room);
        await bob.JoinAsync(Room);

        // CloseAsync completes only when the server's close frame arrives.
        await bob.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", host.Timeout);

        Assert.Equal(WebSocketState.Closed, bob.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, bob.Socket.CloseStatus);
        Assert.Equal(WebSocketState.Closed, await bob.Session.WaitAsync(host.Timeout));
        await alice.ReceivePresenceAsync("left", bob.ConnectionId);
        Assert.Null(await host.Connections.GetConnectionAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task RunAsync_ShutdownRequested_ClosesEverySocketWithEndpointUnavailable()
    {
        await using var host = ChatHostHarness.Create();
        var alice = await host.ConnectAsync("Alice");
        var bob = await host.ConnectAsync("Bob");
        await alice.JoinAsync(Room);
        await bob.JoinAsync(Room);

        await host.ShutdownAsync();

        foreach (var client in new[] { alice, bob })
        {
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await client.ReceiveCloseAsync());
            Assert.Equal(WebSocketState.Closed, await client.Session.WaitAsync(host.Timeout));
            Assert.Null(await host.Connections.GetConnectionAsync(client.ConnectionId));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ShutdownWhileAMessageIsBeingStored_SendsItsAcknowledgementBeforeClosing(bool batchedWrites)
    {
        var store = new GatedMessageStore();
        await using var host = ChatHostHarness.Create(configureServices: s => s.Replace(ServiceDescriptor.Singleton<IMessageStore>(store)), batchedWrites: batchedWrites);
        var alice = await host.ConnectAsync("Alice");
        await alice.JoinAsync(Room);
        await alice.SendTextAsync("""{"action":"sendmessage","room":"lobby","text":"last words","clientMessageId":"m-1"}""");
        await store.AppendEntered.WaitAsync(host.Timeout);

        await host.ShutdownAsync();
        store.Open();

        var ack = await alice.ReceiveAsync("message");
        Assert.Equal("m-1", ack.GetProperty("clientMessageId").GetString());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await alice.ReceiveCloseAsync());
        Assert.Single((await store.GetLatestAsync(Room, 10)).Messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ClientNeverAnswersClose_AbortsAndRemovesConnection(bool batchedWrites)
    {
        await using var host = ChatHostHarness.Create(configureHost: o => o.CloseTimeout = TimeSpan.FromSeconds(1), batchedWrites: batchedWrites);
        var alice = await host.ConnectAsync("Alice");
        await alice.JoinAsync(Room);

        await host.ShutdownAsync();

        // The client never reads, so it never answers the server's close frame.
        Assert.Equal(WebSocketState.Aborted, await alice.Session.WaitAsync(host.Timeout));
        Assert.Null(await host.Connections.GetConnectionAsync(alice.ConnectionId));
    }

    [Fact]
    public async Task RunAsync_ClientSocketDiesWithoutClose_CompletesAndRemovesConnection()
    {
        await using var host = ChatHostHarness.Create();
        var alice = await host.ConnectAsync("Alice");
        var bob = await host.ConnectAsync("Bob");
        await alice.JoinAsync(Room);
        await bob.JoinAsync(Room);

        // No close frame: the TCP connection is reset.
        bob.Tcp.LingerState = new LingerOption(enable: true, seconds: 0);
        bob.Tcp.Close();

        await bob.Session.WaitAsync(host.Timeout);
        await alice.ReceivePresenceAsync("left", bob.ConnectionId);
        Assert.Null(await host.Connections.GetConnectionAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task RunAsync_BadJson_SendsErrorAndKeepsSocketUsable()
    {
        await using var host = ChatHostHarness.Create();
        var alice = await host.ConnectAsync("Alice");

        await alice.SendTextAsync("{not json");
        var error = await alice.ReceiveAsync();
        await alice.SendTextAsync("""{"action":"ping"}""");
        var pong = await alice.ReceiveAsync();
        await alice.JoinAsync(Room);

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal(ChatErrorCodes.BadRequest, error.GetProperty("code").GetString());
        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(WebSocketState.Open, alice.Socket.State);
        Assert.False(alice.Session.IsCompleted);
    }

    [Theory]
    [InlineData(AuthorizationStatus.Forbidden, WebSocketCloseStatus.PolicyViolation)]
    [InlineData(AuthorizationStatus.Unauthenticated, (WebSocketCloseStatus)4401)]
    public async Task RunAsync_ConnectRefused_ClosesWithRefusalCodeWithoutRegistering(AuthorizationStatus refusal, WebSocketCloseStatus expected)
    {
        var authorizer = Substitute.For<IChatAuthorizer>();
        authorizer.AuthorizeConnectAsync(Arg.Any<ConnectionInfo>(), Arg.Any<ConnectionMetadata>(), Arg.Any<CancellationToken>())
            .Returns(new AuthorizationDecision { Status = refusal, Reason = "no entry" });
        await using var host = ChatHostHarness.Create(configureServices: s => s.AddSingleton(authorizer));
        var alice = await host.ConnectAsync("Alice");

        Assert.Equal(expected, await alice.ReceiveCloseAsync());
        Assert.Equal("no entry", alice.Socket.CloseStatusDescription);
        Assert.Equal(WebSocketState.Closed, await alice.Session.WaitAsync(host.Timeout));
        var refused = (ConnectionInfo)authorizer.ReceivedCalls().Single().GetArguments()[0]!;
        Assert.Null(await host.Connections.GetConnectionAsync(refused.ConnectionId));
    }

    [Fact]
    public async Task RunAsync_RefusedWithLongReason_ClosesWithReasonCutToFitTheFrame()
    {
        var reason = string.Concat(Enumerable.Repeat("Ünïcödé reason ", 20));
        var authorizer = Substitute.For<IChatAuthorizer>();
        authorizer.AuthorizeConnectAsync(Arg.Any<ConnectionInfo>(), Arg.Any<ConnectionMetadata>(), Arg.Any<CancellationToken>())
            .Returns(AuthorizationDecision.Forbid(reason));
        await using var host = ChatHostHarness.Create(configureServices: s => s.AddSingleton(authorizer));
        var alice = await host.ConnectAsync("Alice");

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await alice.ReceiveCloseAsync());
        var description = alice.Socket.CloseStatusDescription!;
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(description), 100, 123);
        Assert.EndsWith("…", description, StringComparison.Ordinal);
        Assert.StartsWith(description[..^1], reason, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Closed, await alice.Session.WaitAsync(host.Timeout));
    }

    [Fact]
    public async Task RunAsync_StoreWhoseRecordsExpire_RenewsTheOpenConnectionAtAQuarterOfTheTimeToLive()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new RenewalRecordingStore(TimeSpan.FromMinutes(1));
        await using var host = ChatHostHarness.Create(configureHost: NoWriteDelay, configureServices: s => s.AddSingleton<TimeProvider>(time).AddSingleton<IConnectionStore>(store));
        var alice = await host.ConnectAsync("Alice");
        await alice.JoinAsync(Room);

        time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(0, store.Renewals);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(alice.ConnectionId, await store.Renewed.ReadAsync(host.Timeout));

        await alice.SendTextAsync("""{"action":"ping"}""");
        await alice.ReceiveAsync("pong");
        Assert.Equal(1, store.Renewals);
    }

    [Fact]
    public async Task RunAsync_RegistrationGone_ClosesWith4410AndRemovesTheConnection()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new RenewalRecordingStore(TimeSpan.FromMinutes(1)) { Forgotten = true };
        await using var host = ChatHostHarness.Create(configureHost: NoWriteDelay, configureServices: s => s.AddSingleton<TimeProvider>(time).AddSingleton<IConnectionStore>(store));
        var alice = await host.ConnectAsync("Alice");
        await alice.JoinAsync(Room);

        time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal((WebSocketCloseStatus)4410, await alice.ReceiveCloseAsync());
        Assert.Equal(WebSocketState.Closed, await alice.Session.WaitAsync(host.Timeout));
        Assert.Null(await store.GetConnectionAsync(alice.ConnectionId));
    }

    [Fact]
    public async Task RunAsync_RenewalFails_KeepsTheSocketAndTriesAgainAtTheNextInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new RenewalRecordingStore(TimeSpan.FromMinutes(1)) { FailuresLeft = 1 };
        await using var host = ChatHostHarness.Create(configureHost: NoWriteDelay, configureServices: s => s.AddSingleton<TimeProvider>(time).AddSingleton<IConnectionStore>(store));
        var alice = await host.ConnectAsync("Alice");
        await alice.JoinAsync(Room);

        time.Advance(TimeSpan.FromSeconds(15));
        await store.Renewed.ReadAsync(host.Timeout);
        time.Advance(TimeSpan.FromSeconds(15));
        await store.Renewed.ReadAsync(host.Timeout);
        await alice.SendTextAsync("""{"action":"ping"}""");

        await alice.ReceiveAsync("pong");
        Assert.Equal(WebSocketState.Open, alice.Socket.State);
        Assert.NotNull(await store.GetConnectionAsync(alice.ConnectionId));
    }

    [Fact]
    public async Task RunAsync_StoreUnavailableOnConnect_ClosesWithInternalServerError()
    {
        var store = Substitute.For<IConnectionStore>();
        store.AddConnectionAsync(Arg.Any<ConnectionInfo>(), Arg.Any<CancellationToken>()).ThrowsAsync(new ChatStoreUnavailableException());
        store.RemoveConnectionAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns([]);
        await using var host = ChatHostHarness.Create(configureServices: s => s.AddSingleton(store));
        var alice = await host.ConnectAsync("Alice");

        Assert.Equal(WebSocketCloseStatus.InternalServerError, await alice.ReceiveCloseAsync());
        Assert.Equal(WebSocketState.Closed, await alice.Session.WaitAsync(host.Timeout));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ClientStopsReading_OthersGetEveryMessageAndStalledIsClosed(bool batchedWrites)
    {
        const int Messages = 300;
        const int SmallSocketBuffer = 4 * 1024;
        await using var host = ChatHostHarness.Create(
            o => (o.RateLimitPerSecond, o.RateLimitBurst) = (1_000_000, 1_000_000),
            o => (o.MaxQueuedBytes, o.CloseTimeout) = (64 * 1024, TimeSpan.FromSeconds(1)),
            outboundFrameBytes: 32 * 1024,
            batchedWrites: batchedWrites);
        var sender = await host.ConnectAsync("Sender", SmallSocketBuffer);
        var reader = await host.ConnectAsync("Reader", SmallSocketBuffer);
        var stalled = await host.ConnectAsync("Stalled", SmallSocketBuffer);
        await sender.JoinAsync(Room);
        await reader.JoinAsync(Room);
        await stalled.JoinAsync(Room);
        await sender.ReceivePresenceAsync("joined", stalled.ConnectionId);
        await reader.ReceivePresenceAsync("joined", stalled.ConnectionId);

        // From here on the stalled client never reads again.
        var readerFrames = Task.Run(() => CollectUntilAsync(reader, Messages, stalled.ConnectionId));
        var senderFrames = new List<JsonElement>();
        var padding = new string('x', 1_000);
        for (var i = 1; i <= Messages; i++)
        {
            await sender.SendTextAsync(JsonSerializer.Serialize(new { action = "sendmessage", room = Room, text = $"{i}:{padding}" }));

            // Waiting for its own copy paces the sender, so only the stalled client falls behind.
            JsonElement frame;
            do
            {
                frame = await sender.ReceiveAsync();
                senderFrames.Add(frame);
            }
            while (frame.GetProperty("type").GetString() != "message");
        }

        if (!senderFrames.Any(f => SocketChatClient.IsPresence(f, "left", stalled.ConnectionId)))
        {
            senderFrames.AddRange(await CollectUntilAsync(sender, 0, stalled.ConnectionId));
        }

        var received = await readerFrames;
        await stalled.Session.WaitAsync(host.Timeout);

        foreach (var frames in new[] { received, senderFrames })
        {
            var texts = frames.Where(f => f.GetProperty("type").GetString() == "message").Select(f => f.GetProperty("text").GetString()).ToList();
            Assert.Equal(Enumerable.Range(1, Messages).Select(i => $"{i}:{padding}"), texts);
            Assert.Single(frames, f => SocketChatClient.IsPresence(f, "left", stalled.ConnectionId));
        }

        Assert.Null(await host.Connections.GetConnectionAsync(stalled.ConnectionId));
        Assert.NotNull(await host.Connections.GetConnectionAsync(reader.ConnectionId));
        Assert.Equal(WebSocketState.Open, reader.Socket.State);
    }

    /// <summary>Reads until <paramref name="messages"/> messages and the presence <c>left</c> of <paramref name="leaver"/> have arrived.</summary>
    private static async Task<List<JsonElement>> CollectUntilAsync(SocketChatClient client, int messages, string leaver)
    {
        var frames = new List<JsonElement>();
        var left = false;
        while (messages > 0 || !left)
        {
            var frame = await client.ReceiveAsync();
            frames.Add(frame);
            if (frame.GetProperty("type").GetString() == "message")
            {
                messages--;
            }
            else if (SocketChatClient.IsPresence(frame, "left", leaver))
            {
                left = true;
            }
        }

        return frames;
    }

    /// <summary>A valid ping frame padded with an ignored property to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string PaddedPing(int bytes)
    {
        const string Head = "{\"action\":\"ping\",\"pad\":\"";
        const string Tail = "\"}";
        return Head + new string('x', bytes - Head.Length - Tail.Length) + Tail;
    }
}
