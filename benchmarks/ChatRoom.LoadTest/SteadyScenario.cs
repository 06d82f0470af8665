using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;

namespace ChatRoom.LoadTest;

/// <summary>
/// Everyday load: a room of receivers, some of which send at a fixed rate each (open loop: a slow server makes messages
/// queue up, not senders wait), well below what the server can carry. Measures server CPU per delivery, the latency
/// of every delivery in the measured window, and that every message reached every member.
/// </summary>
/// <remarks>
/// Saturation (the fan-out scenario) hides the cost per delivery that matters most in practice: there, each socket
/// write carries many frames anyway. Here a socket gets a frame every few milliseconds, so what a server pays per
/// delivery is mostly its own send path.
/// </remarks>
internal static class SteadyScenario
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs the scenario against a fresh server; a <paramref name="writeDelay"/> runs ChatRoom with that
    /// <c>WebSocket:WriteDelay</c>, and its figures go under <c>steady_delay</c> unless it is zero.
    /// </summary>
    public static async Task RunAsync(ServerKind kind, TimeSpan? writeDelay, string repoRoot, Settings settings, Results results, Action<string> progress, CancellationToken cancellationToken)
    {
        string[] arguments = writeDelay is { } delay ? [$"--ChatRoom:WebSocket:WriteDelay={delay.ToString("c", CultureInfo.InvariantCulture)}"] : [];
        var prefix = writeDelay is { } delayed && delayed > TimeSpan.Zero ? "steady_delay" : "steady";
        var label = writeDelay is { } d ? $"{kind} (write delay {d.TotalMilliseconds:N0} ms)" : kind.ToString();
        await using var server = await ServerProcess.StartAsync(kind, repoRoot, idle: false, arguments, label, cancellationToken);
        var recorder = new Recorder();
        var clients = await Scenarios.ConnectManyAsync(kind, [server.Port], settings.SteadyReceivers, inRoom: true, [recorder], cancellationToken);
        try
        {
            await recorder.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), cancellationToken);
            var senders = clients.Take(settings.SteadySenders).ToArray();
            var n = clients.Count;
            var measured = TimeSpan.FromSeconds(settings.SteadySeconds);

            using var stop = new CancellationTokenSource();
            var startDeliveries = recorder.Deliveries;
            var started = Stopwatch.GetTimestamp();
            var sent = new long[senders.Length];
            var loops = senders.Select((sender, i) => SendAtRateAsync(sender, settings.SteadyRate, (double)i / senders.Length, started, settings.TextLength, () => sent[i]++, stop.Token)).ToArray();

            await Task.Delay(WarmUp, cancellationToken);
            var windowRate = (double)settings.SteadyRate * senders.Length * n;
            recorder.Arm((int)(windowRate * measured.TotalSeconds * 1.5) + n);
            var from = recorder.Deliveries;
            var cpuFrom = CpuReading.Read([server], redis: null);
            var windowStart = Stopwatch.GetTimestamp();
            await Task.Delay(measured, cancellationToken);
            var delivered = recorder.Deliveries - from;
            var cpu = CpuReading.Read([server], redis: null) - cpuFrom;
            var elapsed = Stopwatch.GetElapsedTime(windowStart);
            var samples = recorder.Disarm();
            await stop.CancelAsync();
            await Task.WhenAll(loops);

            var expected = sent.Sum() * n;
            await Scenarios.DrainAsync(recorder, startDeliveries, expected, cancellationToken);

            var latency = Latency.Of(samples, expected);
            var (p50, p99) = (latency.P50, latency.P99);
            var cpuPerDelivery = cpu.Servers.TotalMicroseconds / Math.Max(1, delivered);
            var deliveredPct = expected == 0 ? double.NaN : 100.0 * (recorder.Deliveries - startDeliveries) / expected;
            results.Add(kind, $"{prefix}.deliveries_per_s", delivered / elapsed.TotalSeconds);
            results.Add(kind, $"{prefix}.server_cpu_us_per_delivery", cpuPerDelivery);
            results.Add(kind, $"{prefix}.p50_ms", p50);
            results.Add(kind, $"{prefix}.p99_ms", p99);
            results.Add(kind, $"{prefix}.delivered_pct", deliveredPct);
            progress($"{label}: steady {delivered / elapsed.TotalSeconds:N0} deliveries/s, server CPU {cpuPerDelivery:N3} us/delivery, p50 {p50:N2} ms, p99 {p99:N2} ms, delivered {deliveredPct:N3} %");
        }
        finally
        {
            await Scenarios.DisposeManyAsync(clients);
        }
    }

    /// <summary>Sends <paramref name="rate"/> messages a second, the first at <paramref name="phase"/> of a period after <paramref name="started"/>, until stopped.</summary>
    private static Task SendAtRateAsync(LoadClient sender, int rate, double phase, long started, int textLength, Action onSent, CancellationToken stop) => Task.Run(async () =>
    {
        for (long k = 0; !stop.IsCancellationRequested; k++)
        {
            var due = TimeSpan.FromSeconds((k + phase) / rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                // Not cancelled by the stop: cancelling a send in progress aborts the socket, and then a counted send would be lost.
                await sender.SendAsync(Recorder.NewText(textLength), CancellationToken.None);
                onSent();
            }
            catch (WebSocketException)
            {
                return;
            }
        }
    }, CancellationToken.None);
}
