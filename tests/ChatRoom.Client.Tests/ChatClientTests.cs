using System.Net.WebSockets;
using ChatRoom.Client.Tests.Scripted;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Client.Tests;

/// <summary>The client against a scripted server on Kestrel: every server frame is written by the test.</summary>
[Trait("Category", "Integration")]
public sealed class ChatClientTests : IAsyncLifetime, IDisposable
{
    private const string Room = "lobby";
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(30));
    private ScriptedServer _server = null!;

    private CancellationToken Deadline => _deadline.Token;

    public async Task InitializeAsync() => _server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _deadline.Dispose();

    [Fact]
    public async Task ReadEventsAsync_ServerDropsTheSocketMidStream_ReconnectsRejoinsWithSinceAndDeliversTheRestOnce()
    {
        await using var client = Client();
        await client.StartAsync(Deadline);
        var join = client.JoinAsync(Room, cancellationToken: Deadline);
        var first = await _server.AcceptAsync(Deadline);
        Assert.False((await first.ReceiveAsync("join", Deadline)).TryGetProperty("since", out _));
        await first.SendAsync(Frames.Joined(Room, "c1", [1, 2], 1, 2));
        await join;
        await first.SendAsync(Frames.Message(Room, 3));
        await ReadSeqsAsync(client, 3);
        first.Abort();

        var second = await _server.AcceptAsync(Deadline);
        var rejoin = await second.ReceiveAsync("join", Deadline);
        Assert.Equal(3, rejoin.GetProperty("since").GetInt64());
        await second.SendAsync(Frames.Joined(Room, "c2", [4, 5], 4, 5));
        await second.SendAsync(Frames.Message(Room, 5));
        await second.SendAsync(Frames.Message(Room, 3));
        await second.SendAsync(Frames.Message(Room, 6));

        Assert.Equal(new long[] { 4, 5, 6 }, await ReadSeqsAsync(client, 3));
    }

    [Fact]
    public async Task ReadEventsAsync_ApiGatewayClosesWith1001_Reconnects()
    {
        await using var client = Client();
        await client.StartAsync(Deadline);
        var join = client.JoinAsync(Room, cancellationToken: Deadline);
        var first = await _server.AcceptAsync(Deadline);
        await first.ReceiveAsync("join", Deadline);
        await first.SendAsync(Frames.Joined(Room, "c1", [], null, null));
        await join;
        await first.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Going away");

        var second = await _server.AcceptAsync(Deadline);
        var rejoin = await second.ReceiveAsync("join", Deadline);

        Assert.Equal(0, rejoin.GetProperty("since").GetInt64());
    }

    [Fact]
    public async Task ReadEventsAsync_LostFrame_IsFilledFromHistoryAfterTheGapTimeout()
    {
        await using var client = Client();
        var socket = await JoinAsync(client, "c1");
        await socket.SendAsync(Frames.Message(Room, 1));
        await socket.SendAsync(Frames.Message(Room, 3));

        var fill = await socket.ReceiveAsync("history", Deadline);
        Assert.Equal(1, fill.GetProperty("after").GetInt64());
        Assert.Equal(100, fill.GetProperty("limit").GetInt32());
        await socket.SendAsync(Frames.History(Room, [2, 3], 2, 3));

        Assert.Equal(new long[] { 1, 2, 3 }, await ReadSeqsAsync(client, 3));
    }

    [Fact]
    public async Task ReadEventsAsync_SeqNeverStored_IsSkippedWhenTheHistoryRangeOmitsIt()
    {
        await using var client = Client();
        var socket = await JoinAsync(client, "c1");
        await socket.SendAsync(Frames.Message(Room, 1));
        await socket.SendAsync(Frames.Message(Room, 3));

        await socket.ReceiveAsync("history", Deadline);
        await socket.SendAsync(Frames.History(Room, [3], 2, 3));
        await socket.SendAsync(Frames.Message(Room, 4));

        Assert.Equal(new long[] { 1, 3, 4 }, await ReadSeqsAsync(client, 3));
    }

    [Fact]
    public async Task ReadEventsAsync_LostLastFrame_IsFoundByTheQuietCheck()
    {
        await using var client = Client(o => o.SyncDelay = TimeSpan.FromMilliseconds(100));
        var socket = await JoinAsync(client, "c1");
        await socket.SendAsync(Frames.Message(Room, 1));

        // Seq 2 was lost and nothing came after it: no gap shows, only the quiet check can find it.
        var check = await socket.ReceiveAsync("history", Deadline);
        Assert.Equal(1, check.GetProperty("after").GetInt64());
        await socket.SendAsync(Frames.History(Room, [2], 2, 2));

        Assert.Equal(new long[] { 1, 2 }, await ReadSeqsAsync(client, 2));
    }

    [Fact]
    public async Task SendAsync_Unavailable_ResendsWithTheSameClientMessageId()
    {
        await using var client = Client();
        var socket = await JoinAsync(client, "c1");

        var send = client.SendAsync(Room, "hello", Deadline);
        var attempt = await socket.ReceiveAsync("sendmessage", Deadline);
        var id = attempt.GetProperty("clientMessageId").GetString()!;
        await socket.SendAsync(Frames.Error("unavailable", "sendmessage", id));
        var again = await socket.ReceiveAsync("sendmessage", Deadline);
        await socket.SendAsync(Frames.Message(Room, 1, "c1", id));

        Assert.Equal(id, again.GetProperty("clientMessageId").GetString());
        Assert.Equal("hello", again.GetProperty("text").GetString());
        Assert.Equal(22, id.Length);
        Assert.Equal(1, (await send).Seq);
    }

    [Fact]
    public async Task SendAsync_OtherError_FailsWithItsCode()
    {
        await using var client = Client();
        var socket = await JoinAsync(client, "c1");

        var send = client.SendAsync(Room, "hello", Deadline);
        var attempt = await socket.ReceiveAsync("sendmessage", Deadline);
        await socket.SendAsync(Frames.Error("invalid_text", "sendmessage", attempt.GetProperty("clientMessageId").GetString()));

        var error = await Assert.ThrowsAsync<ChatClientException>(() => send);
        Assert.Equal("invalid_text", error.Code);
    }

    [Fact]
    public async Task SendAsync_SomeoneElsesEventWithOurId_IsNotTheAcknowledgement()
    {
        await using var client = Client();
        var socket = await JoinAsync(client, "c1");

        var send = client.SendAsync(Room, "hello", Deadline);
        var id = (await socket.ReceiveAsync("sendmessage", Deadline)).GetProperty("clientMessageId").GetString();
        await socket.SendAsync(Frames.Message(Room, 1, "mallory", id));
        await socket.SendAsync(Frames.Message(Room, 2, "c1", id));

        Assert.Equal(2, (await send).Seq);
    }

    [Fact]
    public async Task SendAsync_NoAcknowledgementWithinAckTimeout_ResendsTheSameId()
    {
        var time = new FakeTimeProvider();
        await using var client = Client(o => o.TimeProvider = time);
        var socket = await JoinAsync(client, "c1");

        var send = client.SendAsync(Room, "hello", Deadline);
        var first = await socket.ReceiveAsync("sendmessage", Deadline);
        time.Advance(TimeSpan.FromSeconds(10));
        var second = await socket.ReceiveAsync("sendmessage", Deadline);
        var id = first.GetProperty("clientMessageId").GetString();
        await socket.SendAsync(Frames.Message(Room, 7, "c1", id));

        Assert.Equal(id, second.GetProperty("clientMessageId").GetString());
        Assert.Equal(7, (await send).Seq);
    }

    [Fact]
    public async Task SendAsync_AfterReconnect_ResendsPendingSendAfterTheRejoin()
    {
        await using var client = Client();
        var socket = await JoinAsync(client, "c1");
        var send = client.SendAsync(Room, "hello", Deadline);
        var id = (await socket.ReceiveAsync("sendmessage", Deadline)).GetProperty("clientMessageId").GetString();
        socket.Abort();

        var second = await _server.AcceptAsync(Deadline);
        var frame = await second.ReceiveAnyAsync(Deadline);
        Assert.Equal("join", frame.GetProperty("action").GetString());
        await second.SendAsync(Frames.Joined(Room, "c2", [], null, null));
        var resent = await second.ReceiveAsync("sendmessage", Deadline);
        await second.SendAsync(Frames.Message(Room, 1, "c2", id));

        Assert.Equal(id, resent.GetProperty("clientMessageId").GetString());
        Assert.Equal(1, (await send).Seq);
    }

    [Fact]
    public async Task KeepAlive_NothingSentForTheInterval_SendsPing()
    {
        var time = new FakeTimeProvider();
        await using var client = Client(o => o.TimeProvider = time);
        var socket = await JoinAsync(client, "c1");

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("ping", (await socket.ReceiveAnyAsync(Deadline)).GetProperty("action").GetString());
    }

    [Fact]
    public async Task JoinAsync_ServerClosesWith4401_FailsUnauthenticatedWithoutReconnecting()
    {
        await using var client = Client();
        await client.StartAsync(Deadline);
        var join = client.JoinAsync(Room, cancellationToken: Deadline);
        var socket = await _server.AcceptAsync(Deadline);
        await socket.CloseAsync((WebSocketCloseStatus)4401, "Bad token.");

        var error = await Assert.ThrowsAsync<ChatClientException>(() => join);
        Assert.Equal(ChatClientException.Unauthenticated, error.Code);
        Assert.Equal("Bad token.", error.Message);
        Assert.Equal(ChatConnectionState.Disconnected, client.State);
    }

    [Fact]
    public async Task JoinAsync_Forbidden_FailsWithItsCode()
    {
        await using var client = Client();
        await client.StartAsync(Deadline);
        var join = client.JoinAsync(Room, cancellationToken: Deadline);
        var socket = await _server.AcceptAsync(Deadline);
        await socket.ReceiveAsync("join", Deadline);
        await socket.SendAsync(Frames.Error("forbidden", "join"));

        Assert.Equal("forbidden", (await Assert.ThrowsAsync<ChatClientException>(() => join)).Code);
    }

    [Fact]
    public async Task StartAsync_TokenInQueryOrHeader_ReachesTheServer()
    {
        await using var query = Client(o => o.AccessToken = "t-query");
        await query.StartAsync(Deadline);
        var first = await _server.AcceptAsync(Deadline);
        await using var header = Client(o => { o.AccessToken = "t-header"; o.SendAccessTokenInHeader = true; });
        await header.StartAsync(Deadline);
        var second = await _server.AcceptAsync(Deadline);

        Assert.Equal("t-query", first.Query["access_token"]);
        Assert.Equal("alice", first.Query["name"]);
        Assert.Equal("Bearer t-header", second.Authorization);
        Assert.False(second.Query.ContainsKey("access_token"));
    }

    [Fact]
    public async Task ReadEventsAsync_JoinWithSince_SendsItAndHandsOverOnlyLaterSeqs()
    {
        await using var client = Client();
        await client.StartAsync(Deadline);
        var join = client.JoinAsync(Room, since: 10, Deadline);
        var socket = await _server.AcceptAsync(Deadline);
        Assert.Equal(10, (await socket.ReceiveAsync("join", Deadline)).GetProperty("since").GetInt64());
        await socket.SendAsync(Frames.Joined(Room, "c1", [10, 11, 12], 11, 12));
        await join;

        Assert.Equal(new long[] { 11, 12 }, await ReadSeqsAsync(client, 2));
    }

    [Fact]
    public async Task ReadEventsAsync_MessageMarkedSystem_IsSystemAndOthersAreNot()
    {
        await using var client = Client();
        var socket = await JoinAsync(client, "c1");
        var system = Frames.Message(Room, 1, "$system");
        system["system"] = true;
        await socket.SendAsync(system);
        await socket.SendAsync(Frames.Message(Room, 2, "$server"));

        var messages = await ReadMessagesAsync(client, 2);

        Assert.True(messages[0].IsSystem);
        Assert.Equal("$system", messages[0].Sender.ConnectionId);
        Assert.False(messages[1].IsSystem);
    }

    private ChatClient Client(Action<ChatClientOptions>? configure = null)
    {
        var options = new ChatClientOptions
        {
            Url = _server.Url,
            Name = "alice",
            GapTimeout = TimeSpan.FromMilliseconds(50),
            SyncDelay = Timeout.InfiniteTimeSpan,
            ReconnectDelay = TimeSpan.FromMilliseconds(10),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return new ChatClient(options);
    }

    /// <summary>Starts the client, joins the room (empty) and returns the server's side of the socket.</summary>
    private async Task<ScriptedSocket> JoinAsync(ChatClient client, string connectionId)
    {
        await client.StartAsync(Deadline);
        var join = client.JoinAsync(Room, cancellationToken: Deadline);
        var socket = await _server.AcceptAsync(Deadline);
        await socket.ReceiveAsync("join", Deadline);
        await socket.SendAsync(Frames.Joined(Room, connectionId, [], null, null));
        await join;
        return socket;
    }

    private async Task<long[]> ReadSeqsAsync(ChatClient client, int count) =>
        [.. (await ReadMessagesAsync(client, count)).Select(m => m.Seq)];

    private async Task<List<ChatMessageEvent>> ReadMessagesAsync(ChatClient client, int count)
    {
        var messages = new List<ChatMessageEvent>();
        await foreach (var e in client.ReadEventsAsync(Deadline))
        {
            if (e is ChatMessageEvent message)
            {
                messages.Add(message);
                if (messages.Count == count)
                {
                    break;
                }
            }
        }

        return messages;
    }
}
