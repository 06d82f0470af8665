using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.AwsCost;

/// <summary>
/// How long a message takes to reach the last member of a big room through API Gateway, when every <c>@connections</c>
/// post takes <see cref="Settings.PostLatency"/> (<c>LocalGateway:Faults:PostLatency</c>). M live clients join one room;
/// one warm-up message, then <see cref="Settings.Messages"/> messages go in one after another, each once the previous
/// one has reached everyone and its invocation has returned. For each: the time from the sender's frame leaving to the
/// last member's receipt, and to the median member's. At the end, every member must have received every message
/// exactly once.
/// </summary>
/// <remarks>Timestamps are taken where frames are sent and received, in this process; the waits between messages only pace the run.</remarks>
internal static class FanoutLatency
{
    private const int Concurrency = 16;
    private const int MaxRooms = 16;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(5);

    public static async Task<string> RunAsync(Settings settings, string dynamoDbUrl, TextWriter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        void Progress(string line) => progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0}s] {line}"));

        var members = settings.Members.Max();
        var table = $"ChatRoom-fanout-m{members}";
        List<string> gatewaySettings =
        [
            string.Create(CultureInfo.InvariantCulture, $"--LocalGateway:Faults:PostLatency={settings.PostLatency:c}"),
            string.Create(CultureInfo.InvariantCulture, $"--LocalGateway:Faults:PostFailureRate={settings.PostFailureRate}"),
        ];
        if (settings.Concurrency is { } concurrency)
        {
            gatewaySettings.Add(string.Create(CultureInfo.InvariantCulture, $"--ChatRoom:ApiGateway:MaxConcurrentRequests={concurrency}"));
            gatewaySettings.Add(string.Create(CultureInfo.InvariantCulture, $"--ChatRoom:BroadcastConcurrency={concurrency}"));
        }

        await using var gateway = await MeteredGateway.StartAsync(dynamoDbUrl, table, cancellationToken, [.. gatewaySettings]);
        await using var store = new ServiceCollection()
            .AddChatRoom()
            .AddDynamoDb(o => { o.TableName = table; o.ServiceUrl = dynamoDbUrl; })
            .Services.BuildServiceProvider();
        var connections = store.GetRequiredService<IConnectionStore>();

        var room = $"room-m{members}";
        Progress($"fan-out latency: {members} clients connect and join {room}; @connections posts take {settings.PostLatency.TotalMilliseconds} ms");
        var clients = new ChatClient[members];
        var rows = new List<(int Number, double LastMs, double MedianMs, int Posts, double CpuMs)>();
        var duplicates = 0;
        var missing = 0;
        int connectionsBefore;
        try
        {
            await Parallel.ForAsync(0, members, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var name = $"member-{i}";
                clients[i] = await ChatClient.ConnectAsync(gateway, name, token);
                await connections.JoinRoomAsync(room, new ConnectionInfo { Member = new() { ConnectionId = clients[i].ConnectionId, Name = name, UserId = name }, ConnectedAt = DateTimeOffset.UtcNow }, MaxRooms, token);
            });

            connectionsBefore = gateway.ConnectionsApiConnections;
            var sender = clients[0];
            for (var i = 0; i <= settings.Messages; i++)
            {
                await WaitUntilAsync(() => gateway.Invocations.InFlight == 0, cancellationToken);
                gateway.ResetMeters();
                var text = string.Create(CultureInfo.InvariantCulture, $"fan-out {i}");
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var sentAt = Stopwatch.GetTimestamp();
                await sender.SendAsync(JsonSerializer.Serialize(new { action = "sendmessage", room, text }), cancellationToken);
                var expected = i + 1;
                await WaitUntilAsync(() => gateway.Invocations.Completed.Count("MESSAGE") >= 1 && clients.All(c => c.Messages >= expected), cancellationToken);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

                var arrivals = clients.Select(c => c.ReceiptsOf(text)[0]).Order().ToArray();
                var last = Stopwatch.GetElapsedTime(sentAt, arrivals[^1]).TotalMilliseconds;
                var median = Stopwatch.GetElapsedTime(sentAt, arrivals[arrivals.Length / 2]).TotalMilliseconds;
                rows.Add((i, last, median, gateway.ConnectionsApi.Count("POST"), cpu.TotalMilliseconds));
                Progress(string.Create(CultureInfo.InvariantCulture, $"  message {i}{(i == 0 ? " (warm-up)" : string.Empty)}: last member {last:0} ms, median member {median:0} ms, {rows[^1].Posts} posts"));
            }

            await WaitUntilAsync(() => gateway.Invocations.InFlight == 0, cancellationToken);
            foreach (var client in clients)
            {
                for (var i = 0; i <= settings.Messages; i++)
                {
                    var received = client.ReceiptsOf(string.Create(CultureInfo.InvariantCulture, $"fan-out {i}")).Count;
                    duplicates += Math.Max(0, received - 1);
                    missing += received == 0 ? 1 : 0;
                }
            }
        }
        finally
        {
            foreach (var client in clients.OfType<ChatClient>())
            {
                await client.DisposeAsync();
            }
        }

        var measured = rows.Where(r => r.Number > 0).ToList();
        var report = new StringBuilder();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## Fan-out latency: M = {members}, @connections post latency {settings.PostLatency.TotalMilliseconds} ms, {(settings.Concurrency is { } c ? $"{c} requests in flight (MaxConcurrentRequests and BroadcastConcurrency)" : "default concurrency")}{(settings.PostFailureRate > 0 ? $", {settings.PostFailureRate:P0} of POST attempts answered 500" : string.Empty)}"));
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Median over {measured.Count} messages, send to last member's receipt: **{Median(measured.Select(r => r.LastMs)):0} ms** (to the median member: {Median(measured.Select(r => r.MedianMs)):0} ms)."));
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Every member received every message exactly once: **{(duplicates == 0 && missing == 0 ? "yes" : $"no ({missing} missing, {duplicates} duplicates)")}**."));
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"TCP connections the function opened to @connections: {connectionsBefore} before the first message, {gateway.ConnectionsApiConnections} after the last."));
        report.AppendLine();
        report.AppendLine("| message | last member ms | median member ms | POSTs | process CPU ms (gateway, function and clients) |");
        report.AppendLine("|--:|--:|--:|--:|--:|");
        foreach (var row in rows)
        {
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {(row.Number == 0 ? "warm-up" : row.Number)} | {row.LastMs:0} | {row.MedianMs:0} | {row.Posts} | {row.CpuMs:0} |"));
        }

        return report.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SettleTimeout);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
