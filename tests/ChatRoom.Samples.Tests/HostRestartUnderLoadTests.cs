using System.Net.WebSockets;
using Amazon.DynamoDBv2.Model;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>
/// The sample on DynamoDB is stopped (gracefully: sockets are closed with 1001) while clients are sending, and a new
/// host starts on the same table: every message acknowledged to its sender is in history exactly once, nothing is
/// half-written (every de-duplication claim has its message item), and seq has no gaps.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostRestartUnderLoadTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    private const int Senders = 5;
    private const int MessagesPerSender = 60;
    private const int AcknowledgedBeforeTheStop = 40;

    [Fact]
    public async Task StopAsync_WhileClientsSend_EveryAcknowledgedMessageIsInHistoryOnce()
    {
        var table = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var room = Unique.Room("load");
        string[] settings =
        [
            "--ChatRoom:Storage=DynamoDb",
            $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
            $"--ChatRoom:DynamoDb:TableName={table}",
            "--ChatRoom:DynamoDb:CreateTableIfMissing=true",
            "--ChatRoom:RateLimitPerSecond=1000",
            "--ChatRoom:RateLimitBurst=1000",
        ];

        var senders = new List<Sender>();
        await using (var first = await SampleHost.StartAsync(settings))
        {
            for (var i = 0; i < Senders; i++)
            {
                var socket = await ChatSocket.ConnectAsync(first, $"sender-{i}");
                await socket.SendAsync(new { action = "join", room });
                await socket.ReceiveAsync("joined", j => j.StringOf("room") == room);
                senders.Add(new Sender(socket, room));
            }

            var sending = senders.Select(s => s.RunAsync(MessagesPerSender)).ToArray();
            using (var timeout = new CancellationTokenSource(ChatSocket.Timeout))
            {
                while (senders.Sum(s => s.Acknowledged.Count) < AcknowledgedBeforeTheStop)
                {
                    await Task.Delay(10, timeout.Token);
                }
            }

            await first.StopAsync();
            await Task.WhenAll(sending);

            // A sender that sent all its messages before the stop stopped reading: its close is still to be read.
            foreach (var sender in senders.Where(s => s.Close is null))
            {
                sender.Close = await sender.Socket.ReceiveCloseAsync();
            }
        }

        // The stop closed every socket with 1001 (going away), as the host promises: none was dropped or closed otherwise.
        Assert.All(senders, s => Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, s.Close?.Status));

        foreach (var sender in senders)
        {
            await sender.Socket.DisposeAsync();
        }

        var acknowledged = senders.SelectMany(s => s.Acknowledged).ToList();
        var unanswered = senders.SelectMany(s => s.Unanswered).ToList();
        Assert.InRange(acknowledged.Count, AcknowledgedBeforeTheStop, (Senders * MessagesPerSender) - 1); // the stop came mid-stream

        // Nothing half-written: every de-duplication claim has its message item, with the same seq and id.
        var items = await ReadPartitionAsync(table, "MSGS#" + room);
        var claims = items.Where(i => i["sk"].S.StartsWith("DEDUP#", StringComparison.Ordinal)).ToDictionary(i => i["clientMessageId"].S);
        var messages = items.Where(i => i["sk"].S.StartsWith("SEQ#", StringComparison.Ordinal)).ToList();
        Assert.Equal(claims.Count, messages.Count);
        foreach (var message in messages)
        {
            var claim = claims[message["clientMessageId"].S];
            Assert.Equal((claim["seq"].N, claim["id"].S), (message["seq"].N, message["id"].S));
        }

        await using var second = await SampleHost.StartAsync(settings);

        // What was never answered may or may not have been stored (the old host drops queued frames once it closes a
        // socket). A reconnected client is a new sender for de-duplication (anonymous user id = connection id), so it
        // recovers with "since" first and resends only what it does not find, on the new host.
        foreach (var sender in senders.Where(s => s.Unanswered.Count > 0))
        {
            await using var again = await ChatSocket.ConnectAsync(second, sender.Socket.Name);
            await again.SendAsync(new { action = "join", room, since = 0 });
            var recovered = (await again.ReceiveAsync("joined", j => j.StringOf("room") == room)).Array("messages").Select(m => m.StringOf("clientMessageId")).ToHashSet();
            foreach (var id in sender.Unanswered.Where(id => !recovered.Contains(id)))
            {
                await again.SendAsync(new { action = "sendmessage", room, text = id, clientMessageId = id });
                await again.ReceiveAsync("message", m => m.StringOf("clientMessageId") == id && m.SenderName() == again.Name);
            }
        }

        await using var reader = await ChatSocket.ConnectAsync(second, "reader");
        await reader.SendAsync(new { action = "join", room, since = 0 });
        var joined = await reader.ReceiveAsync("joined", j => j.StringOf("room") == room);
        var history = joined.Array("messages");
        Assert.False(joined.GetProperty("hasMore").GetBoolean());

        var ids = history.Select(m => m.StringOf("clientMessageId")!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());              // nothing stored twice
        Assert.Empty(acknowledged.Except(ids, StringComparer.Ordinal));                     // nothing acknowledged lost
        Assert.Empty(unanswered.Except(ids, StringComparer.Ordinal));                       // every resend stored
        Assert.Equal(Enumerable.Range(1, history.Length).Select(i => (long)i), history.Select(m => m.Seq())); // no gaps
        foreach (var sender in senders)
        {
            // Each sender's messages are in the order it sent them.
            var mine = history.Where(m => m.SenderName() == sender.Socket.Name).Select(m => m.Text()).ToList();
            Assert.Equal(sender.Sent.Where(mine.Contains), mine);
        }
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ReadPartitionAsync(string table, string partition)
    {
        using var client = dynalite.CreateClient();
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.QueryAsync(new QueryRequest
            {
                TableName = table,
                KeyConditionExpression = "pk = :pk",
                ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = partition } },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            });
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return items;
    }

    /// <summary>Sends numbered messages one at a time, each with a client message id, and records what was acknowledged.</summary>
    private sealed class Sender(ChatSocket socket, string room)
    {
        public ChatSocket Socket { get; } = socket;

        public List<string> Sent { get; } = [];

        public List<string> Acknowledged { get; } = [];

        public List<string> Unanswered { get; } = [];

        /// <summary>Gets or sets the server's close of this socket, once seen.</summary>
        public (WebSocketCloseStatus? Status, string? Description)? Close { get; set; }

        public async Task RunAsync(int count)
        {
            await Task.Yield();
            for (var i = 0; i < count; i++)
            {
                var id = $"{Socket.Name}-{i:D3}";
                Sent.Add(id);
                if (!await TrySendAsync(id))
                {
                    Unanswered.Add(id);
                    return;
                }

                lock (Acknowledged)
                {
                    Acknowledged.Add(id);
                }
            }
        }

        /// <summary>Sends and waits for the sender's copy; <see langword="false"/> when the server closed the socket first.</summary>
        /// <remarks>
        /// Nothing is caught: a socket dropped without a close frame fails the test, and a close is recorded in
        /// <see cref="Close"/> for the test to check its status.
        /// </remarks>
        private async Task<bool> TrySendAsync(string id)
        {
            await Socket.SendAsync(new { action = "sendmessage", room, text = id, clientMessageId = id });
            while (true)
            {
                var (received, close) = await Socket.ReceiveFrameOrCloseAsync();
                if (received is not { } frame)
                {
                    Close = close;
                    return false;
                }

                if (frame.Type() == "error")
                {
                    Assert.Fail($"{Socket.Name} got {frame.GetRawText()}");
                }

                if (frame.Type() == "message" && frame.StringOf("clientMessageId") == id && frame.SenderName() == Socket.Name)
                {
                    return true;
                }
            }
        }
    }
}
