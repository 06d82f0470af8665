namespace ChatRoom.LoadTest;

/// <summary>
/// Scale-out: <see cref="Settings.Nodes"/> processes of one server kind on one Redis (ChatRoom's sample with
/// <c>Storage=Redis</c>; the SignalR hub with its Redis backplane), clients and senders spread round-robin over them,
/// all in one room. Fan-out and latency as in the single-server scenarios; server CPU counts every node and Redis.
/// </summary>
internal static class ScaleOutScenario
{
    private const string Prefix = "scaleout";

    /// <summary>The kinds with a multi-node story: the bare broadcaster has none.</summary>
    public static bool Supports(ServerKind kind) => kind is ServerKind.ChatRoom or ServerKind.SignalR;

    public static async Task RunAsync(ServerKind kind, RedisProcess redis, string repoRoot, Settings settings, Results results, Action<string> progress, CancellationToken cancellationToken)
    {
        // Each kind starts on an empty Redis: no keys, node leases or history left by the previous one.
        await redis.FlushAllAsync(cancellationToken);
        string[] arguments = kind == ServerKind.ChatRoom
            ? ["--ChatRoom:Storage=Redis", $"--ChatRoom:Redis:Configuration={redis.Configuration}"]
            : [$"--Redis={redis.Configuration}"];
        var nodes = await StartNodesAsync(kind, repoRoot, settings.Nodes, arguments, cancellationToken);
        try
        {
            var linesAtStart = nodes.Select(node => node.OutputLines).ToArray();
            var total = new Recorder();
            var perNode = nodes.Select(_ => new Recorder(total)).ToArray();
            var clients = await Scenarios.ConnectManyAsync(kind, [.. nodes.Select(node => node.Port)], settings.ScaleOutConnections, inRoom: true, perNode, cancellationToken);
            try
            {
                var n = clients.Count;
                var onNode = Enumerable.Range(0, nodes.Length).Select(k => (n - k + nodes.Length - 1) / nodes.Length).ToArray();
                progress($"{kind} x{nodes.Length}: {n} connections in the room ({string.Join(" / ", onNode)} per node)");
                await total.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), cancellationToken);

                // Round-robin, like the clients: sender i is on node i mod nodes, and every node has one at least.
                var senders = clients.Take(Math.Max(settings.Senders, nodes.Length)).ToArray();
                var duration = TimeSpan.FromSeconds(settings.ScaleOutSeconds);

                var fanOut = await Scenarios.FanOutAsync(senders, n, total, () => CpuReading.Read(nodes, redis), duration, settings.TextLength, cancellationToken);
                var server = fanOut.Cpu.Servers + fanOut.Cpu.Redis;
                results.Add(kind, $"{Prefix}.deliveries_per_s", fanOut.PerSecond);
                results.Add(kind, $"{Prefix}.server_cpu_us_per_delivery", fanOut.MicrosPerDelivery(server));
                results.Add(kind, $"{Prefix}.redis_cpu_us_per_delivery", fanOut.MicrosPerDelivery(fanOut.Cpu.Redis));
                results.Add(kind, $"{Prefix}.redis_cpu_share_pct", 100 * fanOut.Cpu.Redis / server);
                results.Add(kind, $"{Prefix}.client_cpu_us_per_delivery", fanOut.MicrosPerDelivery(fanOut.Cpu.Client));
                results.Add(kind, $"{Prefix}.machine_busy_pct", fanOut.Cpu.Machine.BusyPercent);
                results.Add(kind, $"{Prefix}.machine_steal_pct", fanOut.Cpu.Machine.StealPercent);
                results.Add(kind, $"{Prefix}.fanout_delivered_pct", fanOut.DeliveredPercent);
                progress($"{kind} x{nodes.Length}: fan-out {fanOut.PerSecond:N0} deliveries/s; server CPU {fanOut.MicrosPerDelivery(server):N2} us/delivery " +
                    $"(nodes {fanOut.MicrosPerDelivery(fanOut.Cpu.Servers):N2}, Redis {fanOut.MicrosPerDelivery(fanOut.Cpu.Redis):N2}), load tool {fanOut.MicrosPerDelivery(fanOut.Cpu.Client):N2}; " +
                    $"machine busy {fanOut.Cpu.Machine.BusyPercent:N0} %, steal {fanOut.Cpu.Machine.StealPercent:N0} %; " +
                    $"{fanOut.Received:N0} of {fanOut.Expected:N0} deliveries arrived ({fanOut.DeliveredPercent:N3} %)");
                await total.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20), cancellationToken);

                var before = perNode.Select(recorder => recorder.Deliveries).ToArray();
                var latency = await Scenarios.LatencyAsync(senders, n, total, settings.LatencyRate, duration, settings.TextLength, cancellationToken);
                results.AddLatency(kind, $"{Prefix}.latency", latency);
                var sent = latency.Expected / Math.Max(1, n);
                var byNode = Enumerable.Range(0, nodes.Length).Select(k => $"{perNode[k].Deliveries - before[k]:N0}/{sent * onNode[k]:N0}");
                progress($"{kind} x{nodes.Length}: latency {latency}; per node {string.Join(", ", byNode)}");
            }
            finally
            {
                await Scenarios.DisposeManyAsync(clients);
            }

            // A node that exited or wrote anything (it logs at Warning and above) after start-up is evidence: say so.
            for (var k = 0; k < nodes.Length; k++)
            {
                var lines = nodes[k].OutputLines - linesAtStart[k];
                if (nodes[k].HasExited || lines > 0)
                {
                    progress($"{nodes[k].Label}: {(nodes[k].HasExited ? "EXITED; " : string.Empty)}{lines} line(s) of output during the run (echoed above)");
                }
            }

            if (redis.HasExited)
            {
                throw new InvalidOperationException("redis-server exited during the scale-out scenario.");
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<ServerProcess[]> StartNodesAsync(ServerKind kind, string repoRoot, int count, string[] arguments, CancellationToken cancellationToken)
    {
        var starts = Enumerable.Range(0, count)
            .Select(k => ServerProcess.StartAsync(kind, repoRoot, idle: false, arguments, $"{kind} node {k + 1}", cancellationToken))
            .ToArray();
        try
        {
            return await Task.WhenAll(starts);
        }
        catch
        {
            // The nodes that did start are killed; the failure goes on to the caller.
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }
    }
}
