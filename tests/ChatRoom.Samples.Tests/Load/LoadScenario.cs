using System.Diagnostics;
using System.Text.Json;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.Load;

/// <summary>
/// Many clients in a few rooms all send at once; shared by every host (the ASP.NET Core sample, the local gateway).
/// Every member must receive every message of its room exactly once, in seq order without gaps, every sender its own
/// acknowledgements, and the room's history (paged through the protocol) must hold exactly the messages sent.
/// </summary>
public static class LoadScenario
{
    /// <summary>The host settings the scenario needs: no default room, and a per-connection rate limit that allows the sends.</summary>
    public static readonly IReadOnlyList<string> EngineSettings =
    [
        "--ChatRoom:DefaultRoom=",
        "--ChatRoom:RateLimitPerSecond=1000",
        "--ChatRoom:RateLimitBurst=1000",
    ];

    /// <summary>The text sent with a client message id: <c>message 7 from load-3-12-ab12cd</c>.</summary>
    public static string TextOf(string clientMessageId)
    {
        var (sender, index) = ParseClientMessageId(clientMessageId);
        return $"message {index} from {sender}";
    }

    /// <summary>Splits <c>{sender}/{index}</c>.</summary>
    public static (string Sender, string Index) ParseClientMessageId(string clientMessageId)
    {
        var slash = clientMessageId.LastIndexOf('/');
        return slash < 0 ? (string.Empty, string.Empty) : (clientMessageId[..slash], clientMessageId[(slash + 1)..]);
    }

    /// <summary>Runs the scenario and asserts its outcome.</summary>
    /// <param name="host">The host under load.</param>
    /// <param name="rooms">How many rooms.</param>
    /// <param name="membersPerRoom">How many clients join each room.</param>
    /// <param name="messagesPerClient">How many messages each client sends, each with its own clientMessageId.</param>
    /// <param name="log">Receives one line per phase with its duration.</param>
    /// <param name="cancellationToken">The test's deadline: when it passes, the scenario fails with what was missing.</param>
    public static async Task RunAsync(IChatHost host, int rooms, int membersPerRoom, int messagesPerClient, Action<string> log, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var roomNames = Enumerable.Range(0, rooms).Select(r => $"load-{run}-{r}").ToArray();
        var messagesPerRoom = membersPerRoom * messagesPerClient;
        var clients = new List<LoadClient>(rooms * membersPerRoom);
        var total = Stopwatch.StartNew();
        var phase = Stopwatch.StartNew();
        try
        {
            // Connect and join: after every joined reply, each room's membership is complete.
            var seats = Enumerable.Range(0, rooms * membersPerRoom).ToArray();
            await Parallel.ForEachAsync(seats, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (seat, ct) =>
            {
                var room = roomNames[seat % rooms];
                var client = await LoadClient.ConnectAsync(host, $"load-{run}-{seat % rooms}-{seat / rooms}", room, messagesPerRoom, ct);
                lock (clients)
                {
                    clients.Add(client);
                }

                await client.SendAsync(new { action = "join", room }, ct);
                var joined = await client.ReceiveReplyAsync("joined", ct);
                Assert.Empty(joined.Array("messages"));
            });
            log($"connected and joined {clients.Count} clients in {rooms} rooms: {phase.Elapsed.TotalSeconds:0.0}s; {Process()}");

            // Everyone sends at once, each client its messages back to back.
            phase.Restart();
            await Task.WhenAll(clients.Select(client => Task.Run(
                async () =>
                {
                    for (var i = 1; i <= messagesPerClient; i++)
                    {
                        var clientMessageId = $"{client.Name}/{i}";
                        await client.SendAsync(new { action = "sendmessage", room = client.Room, text = TextOf(clientMessageId), clientMessageId }, cancellationToken);
                    }
                },
                cancellationToken)));
            await WaitForAllAsync(clients, messagesPerRoom, cancellationToken);
            var deliveries = (long)clients.Count * messagesPerRoom;
            log($"{rooms * messagesPerRoom} messages, {deliveries} deliveries: {phase.Elapsed.TotalSeconds:0.0}s ({deliveries / phase.Elapsed.TotalSeconds:0} deliveries/s); {Process()}");

            // History, paged backwards through the protocol by one member of each room.
            phase.Restart();
            var histories = await Task.WhenAll(roomNames.Select(room => ReadHistoryAsync(clients.First(c => c.Room == room), cancellationToken)));
            log($"history of {rooms} rooms in pages of {HistoryPages.PageSize}: {phase.Elapsed.TotalSeconds:0.0}s");

            for (var r = 0; r < rooms; r++)
            {
                var members = clients.Where(c => c.Room == roomNames[r]).ToList();
                AssertRoom(roomNames[r], members, histories[r], messagesPerClient);
            }

            log($"total: {total.Elapsed.TotalSeconds:0.0}s");
        }
        finally
        {
            phase.Restart();
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            log($"closed {clients.Count} clients: {phase.Elapsed.TotalSeconds:0.0}s");
        }
    }

    /// <summary>This process's CPU time, allocations and full collections so far (host and clients share it).</summary>
    private static string Process()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return $"process CPU {process.TotalProcessorTime.TotalSeconds:0.0}s, allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB, gen2 collections {GC.CollectionCount(2)}";
    }

    private static async Task WaitForAllAsync(List<LoadClient> clients, int messagesPerRoom, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(clients.Select(c => c.AllReceived)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var waiting = clients.Where(c => c.Received < messagesPerRoom).ToList();
            throw new TimeoutException(
                $"{Process()}. " +
                $"The deadline passed with {waiting.Count} of {clients.Count} clients still waiting: " +
                $"received between {waiting.Min(c => c.Received)} and {waiting.Max(c => c.Received)} of {messagesPerRoom}; " +
                $"ended: {string.Join("; ", clients.Where(c => c.Ended is not null).Take(5).Select(c => $"{c.Name} {c.Ended}"))}; " +
                $"problems: {string.Join("; ", clients.SelectMany(c => c.Problems).Take(5))}");
        }
    }

    private static Task<List<JsonElement>> ReadHistoryAsync(LoadClient client, CancellationToken cancellationToken) =>
        HistoryPages.ReadAllAsync(client.Room, frame => client.SendAsync(frame, cancellationToken), () => client.ReceiveReplyAsync("history", cancellationToken), cancellationToken);

    private static void AssertRoom(string room, List<LoadClient> members, List<JsonElement> history, int messagesPerClient)
    {
        var messagesPerRoom = members.Count * messagesPerClient;
        var sent = members
            .SelectMany(member => Enumerable.Range(1, messagesPerClient).Select(i => $"{member.Name}/{i}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var expectedSeqs = Enumerable.Range(1, messagesPerRoom).Select(seq => (long)seq).ToList();

        // History holds exactly the messages sent, once each, by clientMessageId and text, seqs 1..n.
        Assert.Equal(expectedSeqs, history.Select(m => m.Seq()));
        Assert.Equal(sent, history.Select(m => m.StringOf("clientMessageId")!).Order(StringComparer.Ordinal));
        Assert.All(history, m => Assert.Equal(TextOf(m.StringOf("clientMessageId")!), m.Text()));
        Assert.All(history, m => Assert.Equal(ParseClientMessageId(m.StringOf("clientMessageId")!).Sender, m.SenderName()));
        var historyIds = history.Select(m => m.StringOf("clientMessageId")!).ToList();

        foreach (var member in members)
        {
            // Still connected, nothing extra arrived while history was read, nothing odd on the way.
            Assert.True(member.Ended is null, $"{member.Name} in {room}: {member.Ended}");
            Assert.Empty(member.Problems);
            Assert.Equal(messagesPerRoom, member.Received);

            // Every message exactly once, in seq order without gaps, and the same message at each seq as history.
            Assert.Equal(expectedSeqs, member.Seqs);
            Assert.Equal(historyIds, member.ClientMessageIds);
            Assert.Equal(messagesPerClient, member.OwnAcknowledged);
        }
    }
}
