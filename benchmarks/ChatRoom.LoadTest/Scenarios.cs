using System.Diagnostics;
using System.Net.WebSockets;

namespace ChatRoom.LoadTest;

/// <summary>The four scenarios against one server, and the measures the scale-out scenario shares with them.</summary>
internal static class Scenarios
{
    private const int FanOutWindow = 64;

    /// <summary>Fan-out, latency and slow consumer share one server process and one room of connections.</summary>
    public static async Task RunRoomAsync(ServerKind kind, string repoRoot, Settings settings, Results results, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var server = await ServerProcess.StartAsync(kind, repoRoot, idle: false, [], kind.ToString(), cancellationToken);
        var recorder = new Recorder();
        var clients = await ConnectManyAsync(kind, [server.Port], settings.RoomConnections, inRoom: true, [recorder], cancellationToken);
        try
        {
            progress($"{kind}: {clients.Count} connections in the room");
            await recorder.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), cancellationToken);
            var senders = clients.Take(settings.Senders).ToArray();
            var n = clients.Count;

            if (settings.Scenarios.Contains("fanout"))
            {
                var fanOut = await FanOutAsync(senders, n, recorder, () => CpuReading.Read([server], redis: null), settings.FanOutDuration, settings.TextLength, cancellationToken);
                results.Add(kind, "fanout.deliveries_per_s", fanOut.PerSecond);
                results.Add(kind, "fanout.server_cpu_us_per_delivery", fanOut.MicrosPerDelivery(fanOut.Cpu.Servers));
                progress($"{kind}: fan-out {fanOut.PerSecond:N0} deliveries/s, server CPU {fanOut.MicrosPerDelivery(fanOut.Cpu.Servers):N2} us/delivery");
                await recorder.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20), cancellationToken);
            }

            double? baselineP99 = null;
            if (settings.Scenarios.Contains("latency"))
            {
                var latency = await LatencyAsync(senders, n, recorder, settings.LatencyRate, settings.LatencyDuration, settings.TextLength, cancellationToken);
                results.AddLatency(kind, "latency", latency);
                baselineP99 = latency.P99;
                progress($"{kind}: latency {latency}");
            }

            if (settings.Scenarios.Contains("slow"))
            {
                using var stalled = await LoadClient.ConnectStalledAsync(kind, server.Port, cancellationToken);
                await recorder.WaitQuietAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10), cancellationToken);
                var latency = await LatencyAsync(senders, n, recorder, settings.LatencyRate, settings.LatencyDuration, settings.TextLength, cancellationToken);
                results.AddLatency(kind, "slow", latency);
                if (baselineP99 is double baseline && baseline > 0)
                {
                    results.Add(kind, "slow.p99_vs_latency_p99", latency.P99 / baseline);
                }

                progress($"{kind}: with a stalled client {latency}");

                // Only now does the stalled client read: a close frame (or a reset) at the end of what was buffered for
                // it shows that the server cut it off during the run. Runs long enough to send it more than the
                // server's per-client limit (1 MB for ChatRoom and bare) must end with one.
                var outcome = await StalledOutcome.ReadAsync(stalled, cancellationToken);
                results.Add(kind, "slow.stalled_cut_off_pct", outcome.CutOff ? 100 : 0);
                results.Add(kind, "slow.stalled_close_status", outcome.CloseStatus is { } status ? (int)status : double.NaN);
                progress($"{kind}: stalled client: {outcome}");
                stalled.Abort();
            }
        }
        finally
        {
            await DisposeManyAsync(clients);
        }
    }

    /// <summary>Idle connections: private resident memory of the server before and after, per connection.</summary>
    public static async Task RunIdleAsync(ServerKind kind, string repoRoot, Settings settings, Results results, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var server = await ServerProcess.StartAsync(kind, repoRoot, idle: true, [], kind.ToString(), cancellationToken);
        var recorder = new Recorder();

        // Warm the server's code paths with a few connections so the "before" includes JIT and pools, then measure.
        var warm = await ConnectManyAsync(kind, [server.Port], 20, inRoom: false, [recorder], cancellationToken);
        await Task.Delay(1000, cancellationToken);
        var before = server.PrivateResidentBytes();
        var clients = await ConnectManyAsync(kind, [server.Port], settings.IdleConnections, inRoom: false, [recorder], cancellationToken);
        try
        {
            await Task.Delay(2000, cancellationToken);
            var after = server.PrivateResidentBytes();
            var perConnection = (after - before) / (double)clients.Count;
            results.Add(kind, "idle.bytes_per_connection", perConnection);
            progress($"{kind}: idle {clients.Count} connections, {perConnection / 1024:N1} KB each ({before / 1048576.0:N0} -> {after / 1048576.0:N0} MB)");
        }
        finally
        {
            await DisposeManyAsync([.. clients, .. warm]);
        }
    }

    /// <summary>
    /// Closed-loop fan-out from <paramref name="senders"/> to the <paramref name="n"/> clients that <paramref name="recorder"/>
    /// counts: 1 s warm-up, then <paramref name="duration"/> measured; <paramref name="readCpu"/> is read at both ends of it.
    /// Then the senders stop and it waits for what is still on its way, so that every message sent is accounted for.
    /// </summary>
    public static async Task<FanOutResult> FanOutAsync(LoadClient[] senders, int n, Recorder recorder, Func<CpuReading> readCpu, TimeSpan duration, int textLength, CancellationToken cancellationToken)
    {
        // Closed loop: at most FanOutWindow messages in flight across the room, so no receiver falls far behind and none
        // is closed as a slow consumer; senders otherwise send as fast as they can. Stopping lets a send in progress
        // finish (cancelling it would abort the client's socket), so every message counted as sent was sent.
        using var stop = new CancellationTokenSource();
        long sent = 0;
        var startDeliveries = recorder.Deliveries;
        var loops = senders.Select(sender => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                if (Volatile.Read(ref sent) - ((recorder.Deliveries - startDeliveries) / n) >= FanOutWindow)
                {
                    await Task.Delay(1, CancellationToken.None);
                    continue;
                }

                Interlocked.Increment(ref sent);
                try
                {
                    await sender.SendAsync(Recorder.NewText(textLength), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var from = recorder.Deliveries;
        var cpuFrom = readCpu();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(duration, cancellationToken);
        var delivered = recorder.Deliveries - from;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = readCpu() - cpuFrom;
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var expected = Volatile.Read(ref sent) * n;
        await DrainAsync(recorder, startDeliveries, expected, cancellationToken);
        return new FanOutResult(delivered / elapsed.TotalSeconds, delivered, cpu, expected, recorder.Deliveries - startDeliveries);
    }

    /// <summary>A fixed rate of messages, round-robin over <paramref name="senders"/>, to the <paramref name="n"/> clients that <paramref name="recorder"/> counts.</summary>
    public static async Task<Latency> LatencyAsync(LoadClient[] senders, int n, Recorder recorder, int rate, TimeSpan duration, int textLength, CancellationToken cancellationToken)
    {
        var messages = (int)(rate * duration.TotalSeconds);
        recorder.Arm((int)((long)messages * n) + n);
        var startDeliveries = recorder.Deliveries;
        var started = Stopwatch.GetTimestamp();
        var sent = 0;
        for (var i = 0; i < messages; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            try
            {
                await senders[i % senders.Length].SendAsync(Recorder.NewText(textLength), cancellationToken);
                sent++;
            }
            catch (WebSocketException)
            {
                // A sender the server closed (e.g. cut off as a slow consumer after the fan-out) sends nothing more;
                // the run goes on with the others, and "delivered %" counts only what was sent.
            }
        }

        var expected = (long)sent * n;

        // Wait for the last deliveries, at most 10 s.
        var drain = Stopwatch.GetTimestamp();
        while (recorder.Deliveries - startDeliveries < expected && Stopwatch.GetElapsedTime(drain) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, cancellationToken);
        }

        return Latency.Of(recorder.Disarm(), expected);
    }

    /// <summary>
    /// Waits for what is still on its way after the senders stopped: until the recorder has counted
    /// <paramref name="expected"/> deliveries since <paramref name="startDeliveries"/>, or nothing came for 2 s (at most 20 s).
    /// </summary>
    public static async Task DrainAsync(Recorder recorder, long startDeliveries, long expected, CancellationToken cancellationToken)
    {
        var drain = Stopwatch.GetTimestamp();
        while (recorder.Deliveries - startDeliveries < expected
            && Stopwatch.GetElapsedTime(recorder.LastActivity) < TimeSpan.FromSeconds(2)
            && Stopwatch.GetElapsedTime(drain) < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Connects <paramref name="count"/> clients, client i to <paramref name="ports"/>[i mod length], counted by the recorder at the same index.</summary>
    public static async Task<List<LoadClient>> ConnectManyAsync(ServerKind kind, IReadOnlyList<int> ports, int count, bool inRoom, IReadOnlyList<Recorder> recorders, CancellationToken cancellationToken)
    {
        var clients = new LoadClient[count];
        var next = -1;
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                clients[index] = await LoadClient.ConnectAsync(kind, ports[index % ports.Count], index, inRoom, recorders[index % ports.Count], cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        return [.. clients];
    }

    public static async Task DisposeManyAsync(IReadOnlyList<LoadClient?> clients)
    {
        using var throttle = new SemaphoreSlim(64);
        await Task.WhenAll(clients.Where(c => c is not null).Select(async client =>
        {
            await throttle.WaitAsync();
            try
            {
                await client!.DisposeAsync();
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or OperationCanceledException)
            {
            }
            finally
            {
                throttle.Release();
            }
        }));
    }
}

/// <summary>Send-to-receive latency in milliseconds, over every delivery.</summary>
internal sealed record Latency(double P50, double P99, double Max, long Received, long Expected)
{
    /// <summary>The percentiles of <paramref name="samples"/> (<see cref="Stopwatch"/> ticks, sorted here); NaN when there are none.</summary>
    public static Latency Of(long[] samples, long expected)
    {
        Array.Sort(samples);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return samples.Length == 0
            ? new Latency(double.NaN, double.NaN, double.NaN, 0, expected)
            : new Latency(Ms(samples[samples.Length / 2]), Ms(samples[(int)(samples.Length * 0.99)]), Ms(samples[^1]), samples.Length, expected);
    }

    public override string ToString() => $"p50 {P50:N2} ms, p99 {P99:N2} ms, max {Max:N2} ms ({Received:N0}/{Expected:N0} delivered)";
}
