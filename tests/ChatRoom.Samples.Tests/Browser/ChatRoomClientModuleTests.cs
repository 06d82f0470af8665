using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using ChatRoom.Samples.Tests.Clients;
using Microsoft.Playwright;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>
/// <c>chatroom-client.js</c> in Chromium against a server the test scripts (Playwright answers the page's WebSocket),
/// so frames arrive out of order, repeated, lost or cut off exactly as the test says.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
[Trait("Category", "Integration")]
public sealed partial class ChatRoomClientModuleTests(BrowserFixture fixture)
{
    private const string Room = "r";
    private const string Me = "me-1";

    [Fact]
    public async Task Message_FramesOutOfOrderAndRepeated_DeliversEachSeqOnceInOrder()
    {
        await using var harness = await Harness.StartAsync(fixture);
        var (socket, join) = await harness.ConnectAndReadJoinAsync();
        Assert.False(join.TryGetProperty("since", out _));
        socket.Send(Message(2)); // before the joined reply: buffered until it says where the room stands
        socket.Send(Joined(Me, [1], from: 1, to: 1));
        await harness.JoinedAsync();

        foreach (var seq in new[] { 3, 2, 2, 1, 5, 4, 3, 7, 7 })
        {
            socket.Send(Message(seq));
        }

        // 6 never arrives: once it is overdue the module asks for what follows 5; the reply says 6 and 8 will never come
        // (a store sealed them), so neither is delivered when a copy turns up later.
        var (_, fill) = await harness.NextAsync("history");
        Assert.Equal(5, fill.GetProperty("after").GetInt64());
        Assert.Equal(100, fill.GetProperty("limit").GetInt32());
        socket.Send(History([7], from: 6, to: 8));
        socket.Send(Message(6));
        socket.Send(Message(8));
        socket.Send(Message(9));

        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 7, 9 }, await harness.DeliveredAsync(7));
    }

    [Fact]
    public async Task Message_FillReplyCutShort_FillsOnAtOnceUntilTheGapCloses()
    {
        await using var harness = await Harness.StartAsync(fixture);
        var (socket, _) = await harness.ConnectAndReadJoinAsync();
        socket.Send(Joined(Me, [], from: null, to: null));
        await harness.JoinedAsync();
        socket.Send(Message(4));

        var (_, first) = await harness.NextAsync("history");
        Assert.Equal(0, first.GetProperty("after").GetInt64());
        socket.Send(History([1, 2], from: 1, to: 2, hasMore: true));
        var (_, second) = await harness.NextAsync("history");
        Assert.Equal(2, second.GetProperty("after").GetInt64());
        socket.Send(History([3, 4], from: 3, to: 4));
        socket.Send(Message(5));

        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, await harness.DeliveredAsync(5));
    }

    [Fact]
    public async Task Reconnect_ServerClosesTheSocket_RejoinsWithSinceAndDeliversTheMissedOnce()
    {
        await using var harness = await Harness.StartAsync(fixture);
        var (first, _) = await harness.ConnectAndReadJoinAsync();
        first.Send(Joined(Me, [1, 2], from: 1, to: 2));
        await harness.JoinedAsync();
        await first.CloseAsync(new() { Code = 1001, Reason = "Going away" });

        var (second, rejoin) = await harness.NextAsync("join");
        Assert.NotSame(first, second);
        Assert.Equal(2, rejoin.GetProperty("since").GetInt64());
        second.Send(Message(4)); // live before the joined reply, and in it too
        second.Send(Joined("me-2", [3, 4], from: 3, to: 4));
        second.Send(Message(5));

        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, await harness.DeliveredAsync(5));
    }

    [Fact]
    public async Task Send_UnavailableThenAcknowledged_ResendsTheSameIdAndResolvesWithTheMessage()
    {
        await using var harness = await Harness.StartAsync(fixture);
        var (socket, _) = await harness.ConnectAndReadJoinAsync();
        socket.Send(Joined(Me, [], from: null, to: null));
        await harness.JoinedAsync();

        await harness.Page.EvaluateAsync("() => { window.sent = window.client.send('r', 'hello').then((m) => m.seq); }");
        var (_, attempt) = await harness.NextAsync("sendmessage");
        var clientMessageId = attempt.StringOf("clientMessageId");
        Assert.Matches(UrlSafeId(), clientMessageId);
        socket.Send($$"""{"type":"error","code":"unavailable","message":"try again","action":"sendmessage","clientMessageId":"{{clientMessageId}}"}""");

        var (_, again) = await harness.NextAsync("sendmessage");
        Assert.Equal(clientMessageId, again.StringOf("clientMessageId"));
        socket.Send(Message(1, Me, clientMessageId));
        socket.Send(Message(1, Me, clientMessageId)); // the resend's broadcast, again
        socket.Send(Message(2));

        Assert.Equal(1, await harness.Page.EvaluateAsync<int>("() => window.sent"));
        Assert.Equal(new long[] { 1, 2 }, await harness.DeliveredAsync(2));
        Assert.Equal(new[] { true, false }, await harness.Page.EvaluateAsync<bool[]>("() => window.acks"));
    }

    [Fact]
    public async Task Message_MarkedSystem_HandsItOverWithSystemTrueAndOthersFalse()
    {
        await using var harness = await Harness.StartAsync(fixture);
        var (socket, _) = await harness.ConnectAndReadJoinAsync();
        socket.Send(Joined(Me, [], from: null, to: null));
        await harness.JoinedAsync();
        var system = MessageObject(1, "$system");
        system["system"] = true;
        var notLiteralTrue = MessageObject(3);
        notLiteralTrue["system"] = "true";

        socket.Send(JsonSerializer.Serialize(system));
        socket.Send(Message(2, "$server"));
        socket.Send(JsonSerializer.Serialize(notLiteralTrue));

        Assert.Equal(new long[] { 1, 2, 3 }, await harness.DeliveredAsync(3));
        Assert.Equal(new[] { true, false, false }, await harness.Page.EvaluateAsync<bool[]>("() => window.systems"));
    }

    private static string Message(long seq, string sender = "other-1", string? clientMessageId = null) => JsonSerializer.Serialize(MessageObject(seq, sender, clientMessageId));

    private static Dictionary<string, object?> MessageObject(long seq, string sender = "other-1", string? clientMessageId = null)
    {
        var message = new Dictionary<string, object?>
        {
            ["type"] = "message",
            ["room"] = Room,
            ["seq"] = seq,
            ["id"] = $"id-{seq}",
            ["sender"] = new { connectionId = sender, name = sender == "other-1" ? "Bob" : "Tester" },
            ["text"] = $"message {seq}",
            ["sentAt"] = "2026-12-07T00:00:00.000Z",
        };
        if (clientMessageId is not null)
        {
            message["clientMessageId"] = clientMessageId;
        }

        return message;
    }

    private static string Joined(string connectionId, long[] seqs, long? from, long? to) => Reply(new Dictionary<string, object?>
    {
        ["type"] = "joined",
        ["room"] = Room,
        ["you"] = new { connectionId, name = "Tester" },
        ["members"] = new[] { new { connectionId, name = "Tester" } },
    }, seqs, from, to, hasMore: false);

    private static string History(long[] seqs, long from, long to, bool hasMore = false) =>
        Reply(new Dictionary<string, object?> { ["type"] = "history", ["room"] = Room }, seqs, from, to, hasMore);

    private static string Reply(Dictionary<string, object?> reply, long[] seqs, long? from, long? to, bool hasMore)
    {
        reply["messages"] = seqs.Select(seq => MessageObject(seq)).ToArray();
        if (from is not null && to is not null)
        {
            reply["from"] = from;
            reply["to"] = to;
        }

        reply["hasMore"] = hasMore;
        return JsonSerializer.Serialize(reply);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    private static partial Regex UrlSafeId();

    /// <summary>A blank page on the sample's origin that imports the module; the test plays the server of its sockets.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private const string Setup = """
            async () => {
              const { ChatRoomClient } = await import('/chatroom-client.js');
              const client = new ChatRoomClient({ url: '/ws', name: 'Tester', gapTimeout: 50, syncDelay: 0, backoffInitial: 10, backoffMax: 20 });
              window.client = client;
              window.seqs = [];
              window.acks = [];
              window.systems = [];
              client.addEventListener('message', (event) => {
                window.seqs.push(event.detail.message.seq);
                window.acks.push(event.detail.ack);
                window.systems.push(event.detail.message.system);
              });
              await client.connect();
              window.joined = client.join('r');
            }
            """;

        private readonly IBrowserContext _context;
        private readonly Channel<(IWebSocketRoute Socket, JsonElement Frame)> _frames = Channel.CreateUnbounded<(IWebSocketRoute, JsonElement)>();

        private Harness(IBrowserContext context, IPage page)
        {
            _context = context;
            Page = page;
        }

        public IPage Page { get; }

        public static async Task<Harness> StartAsync(BrowserFixture fixture)
        {
            var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Host.BaseAddress.ToString() });
            var harness = new Harness(context, await context.NewPageAsync());
            await context.RouteAsync("**/module-test.html", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>module test</title>" }));
            await context.RouteWebSocketAsync(new Regex(@"/ws\?"), socket => socket.OnMessage(frame =>
            {
                using var document = JsonDocument.Parse(frame.Text ?? "{}");
                harness._frames.Writer.TryWrite((socket, document.RootElement.Clone()));
            }));
            await harness.Page.GotoAsync("/module-test.html");
            return harness;
        }

        /// <summary>Connects the module and returns its socket and its join frame.</summary>
        public async Task<(IWebSocketRoute Socket, JsonElement Join)> ConnectAndReadJoinAsync()
        {
            await Page.EvaluateAsync(Setup);
            return await NextAsync("join");
        }

        /// <summary>Waits until the first join() resolved.</summary>
        public async Task JoinedAsync() => await Page.EvaluateAsync("() => window.joined");

        /// <summary>Reads the module's frames up to the next one of this action (pings and others in between are skipped).</summary>
        public async Task<(IWebSocketRoute Socket, JsonElement Frame)> NextAsync(string action)
        {
            using var timeout = new CancellationTokenSource(ChatSocket.Timeout);
            while (true)
            {
                var (socket, frame) = await _frames.Reader.ReadAsync(timeout.Token);
                if (frame.StringOf("action") == action)
                {
                    return (socket, frame);
                }
            }
        }

        /// <summary>Waits until <paramref name="count"/> messages were handed over and returns their seqs.</summary>
        public async Task<long[]> DeliveredAsync(int count)
        {
            await Page.WaitForFunctionAsync("n => window.seqs.length >= n", count);
            return await Page.EvaluateAsync<long[]>("() => window.seqs");
        }

        public async ValueTask DisposeAsync() => await _context.CloseAsync();
    }
}
