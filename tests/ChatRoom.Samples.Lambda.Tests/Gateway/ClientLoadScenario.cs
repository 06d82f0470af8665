using System.Diagnostics;
using System.Text.Json;
using ChatRoom.Client;
using ChatRoom.Samples.LocalGateway;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Load;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// Many <see cref="ChatClient"/>s in a few rooms all send at once through the local gateway. Whatever the gateway's
/// concurrency and lost posts do to the frames on the wire, every member's delivered stream must be its room's history
/// exactly: every message once, in strictly increasing seq, and the history must hold every message sent, once.
/// </summary>
internal static class ClientLoadScenario
{
    /// <summary>Runs the scenario and asserts its outcome.</summary>
    /// <param name="gateway">The gateway under load.</param>
    /// <param name="rooms">How many rooms.</param>
    /// <param name="membersPerRoom">How many clients join each room.</param>
    /// <param name="messagesPerClient">How many messages each client sends, one after another, each acknowledged.</param>
    /// <param name="log">Receives one line per phase with its duration.</param>
    /// <param name="cancellationToken">The test's deadline: when it passes, the scenario fails with what was missing.</param>
    public static async Task RunAsync(GatewayHost gateway, int rooms, int membersPerRoom, int messagesPerClient, Action<string> log, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var roomNames = Enumerable.Range(0, rooms).Select(r => $"load-{run}-{r}").ToArray();
        var messagesPerRoom = membersPerRoom * messagesPerClient;
        var members = new List<RecordingClient>(rooms * membersPerRoom);
        var phase = Stopwatch.StartNew();
        try
        {
            var seats = Enumerable.Range(0, rooms * membersPerRoom).ToArray();
            await Parallel.ForEachAsync(seats, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (seat, ct) =>
            {
                var member = new RecordingClient(gateway, $"load-{run}-{seat % rooms}-{seat / rooms}", roomNames[seat % rooms]);
                lock (members)
                {
                    members.Add(member);
                }

                await member.StartAndJoinAsync(ct);
            });
            log($"connected and joined {members.Count} clients in {rooms} rooms: {phase.Elapsed.TotalSeconds:0.0}s");

            phase.Restart();
            await Task.WhenAll(members.Select(member => Task.Run(
                async () =>
                {
                    for (var i = 1; i <= messagesPerClient; i++)
                    {
                        await member.Client.SendAsync(member.Room, $"message {i} from {member.Name}", cancellationToken);
                    }
                },
                cancellationToken)));
            log($"{rooms * messagesPerRoom} messages sent and acknowledged: {phase.Elapsed.TotalSeconds:0.0}s");

            phase.Restart();
            await WaitForAllAsync(members, messagesPerRoom, cancellationToken);
            log($"{(long)members.Count * messagesPerRoom} deliveries complete {phase.Elapsed.TotalSeconds:0.0}s after the last acknowledgement");

            // The history is read with a bare protocol client, which has no gap fills: no more lost posts from here.
            gateway.Services.GetRequiredService<PostFaults>().PostFailureRate = 0;
            foreach (var room in roomNames)
            {
                var history = await ReadHistoryAsync(gateway, room, cancellationToken);
                AssertRoom(room, [.. members.Where(m => m.Room == room)], history, messagesPerClient);
            }
        }
        finally
        {
            await Task.WhenAll(members.Select(m => m.DisposeAsync().AsTask()));
        }
    }

    private static async Task WaitForAllAsync(List<RecordingClient> members, int messagesPerRoom, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(members.Select(m => m.WhenDelivered(messagesPerRoom))).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var waiting = members.Where(m => m.Delivered.Count < messagesPerRoom).ToList();
            throw new TimeoutException(
                $"The deadline passed with {waiting.Count} of {members.Count} clients still waiting: delivered between " +
                $"{waiting.Min(m => m.Delivered.Count)} and {waiting.Max(m => m.Delivered.Count)} of {messagesPerRoom}.");
        }
    }

    /// <summary>Pages backwards through a room's history with a protocol client of its own, oldest first.</summary>
    private static async Task<List<JsonElement>> ReadHistoryAsync(GatewayHost gateway, string room, CancellationToken cancellationToken)
    {
        await using var reader = await ChatSocket.ConnectAsync(gateway, "history-reader");
        await reader.JoinAsync(room);
        return await HistoryPages.ReadAllAsync(room, reader.SendAsync, () => reader.ReceiveAsync("history"), cancellationToken);
    }

    private static void AssertRoom(string room, List<RecordingClient> members, List<JsonElement> history, int messagesPerClient)
    {
        // History holds every message sent, once, with the sender's name.
        var sent = members.SelectMany(m => Enumerable.Range(1, messagesPerClient).Select(i => $"message {i} from {m.Name}")).Order(StringComparer.Ordinal);
        Assert.Equal(sent, history.Select(m => m.Text()).Order(StringComparer.Ordinal));
        Assert.All(history, m => Assert.EndsWith(" from " + m.SenderName(), m.Text(), StringComparison.Ordinal));
        var historySeqs = history.Select(m => m.Seq()).ToList();
        var historyIds = history.Select(m => m.StringOf("id")).ToList();

        // Every member's delivered stream is that history exactly: each message once, in strictly increasing seq.
        foreach (var member in members)
        {
            var delivered = member.Delivered;
            Assert.True(historySeqs.SequenceEqual(delivered.Select(m => m.Seq)), $"{member.Name} in {room} delivered seqs {Describe(delivered.Select(m => m.Seq))}; history has {Describe(historySeqs)}");
            Assert.Equal(historyIds, delivered.Select(m => m.Id));
        }
    }

    private static string Describe(IEnumerable<long> seqs)
    {
        var list = seqs.ToList();
        return $"{list.Count} seqs, first {string.Join(",", list.Take(5))}, last {string.Join(",", list.TakeLast(5))}";
    }
}
