using System.Text.Json;

namespace ChatRoom.LoadTest;

/// <summary>Figures per server and metric, over every round; reports the median.</summary>
internal sealed class Results
{
    // A "steady_delay" figure is ChatRoom's with a write delay; its ratios compare it with the others' "steady" figure.
    private static readonly (string Metric, string Label, bool HigherIsBetter)[] s_metrics =
    [
        ("fanout.deliveries_per_s", "fan-out deliveries/s", true),
        ("fanout.server_cpu_us_per_delivery", "fan-out server CPU us/delivery", false),
        ("latency.p50_ms", "latency p50 ms", false),
        ("latency.p99_ms", "latency p99 ms", false),
        ("latency.max_ms", "latency max ms", false),
        ("latency.delivered_pct", "latency delivered %", true),
        ("slow.p50_ms", "stalled client: p50 ms", false),
        ("slow.p99_ms", "stalled client: p99 ms", false),
        ("slow.max_ms", "stalled client: max ms", false),
        ("slow.delivered_pct", "stalled client: delivered %", true),
        ("slow.p99_vs_latency_p99", "stalled p99 / plain p99", false),
        ("slow.stalled_cut_off_pct", "stalled client cut off %", true),
        ("slow.stalled_close_status", "stalled client close status", true),
        ("steady.deliveries_per_s", "steady, no write delay: deliveries/s", true),
        ("steady.server_cpu_us_per_delivery", "steady, no write delay: server CPU us/delivery", false),
        ("steady.p50_ms", "steady, no write delay: p50 ms", false),
        ("steady.p99_ms", "steady, no write delay: p99 ms", false),
        ("steady.delivered_pct", "steady, no write delay: delivered %", true),
        ("steady_delay.deliveries_per_s", "steady, write delay: deliveries/s", true),
        ("steady_delay.server_cpu_us_per_delivery", "steady, write delay: server CPU us/delivery", false),
        ("steady_delay.p50_ms", "steady, write delay: p50 ms", false),
        ("steady_delay.p99_ms", "steady, write delay: p99 ms", false),
        ("steady_delay.delivered_pct", "steady, write delay: delivered %", true),
        ("idle.bytes_per_connection", "idle bytes/connection", false),
        ("scaleout.deliveries_per_s", "scale-out fan-out deliveries/s", true),
        ("scaleout.server_cpu_us_per_delivery", "scale-out server CPU us/delivery (nodes + Redis)", false),
        ("scaleout.redis_cpu_us_per_delivery", "scale-out Redis CPU us/delivery", false),
        ("scaleout.redis_cpu_share_pct", "scale-out Redis share of server CPU %", false),
        ("scaleout.client_cpu_us_per_delivery", "scale-out load tool CPU us/delivery", false),
        ("scaleout.machine_busy_pct", "scale-out machine busy % (fan-out)", false),
        ("scaleout.machine_steal_pct", "scale-out machine steal % (fan-out)", false),
        ("scaleout.fanout_delivered_pct", "scale-out fan-out delivered %", true),
        ("scaleout.latency.p50_ms", "scale-out latency p50 ms", false),
        ("scaleout.latency.p99_ms", "scale-out latency p99 ms", false),
        ("scaleout.latency.max_ms", "scale-out latency max ms", false),
        ("scaleout.latency.delivered_pct", "scale-out latency delivered %", true),
    ];

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly Dictionary<(ServerKind, string), List<double>> _values = [];
    private readonly Dictionary<string, string> _notes = [];

    /// <summary>A fact about the run for the JSON output (e.g. the Redis version), not a figure.</summary>
    public void Note(string key, string value) => _notes[key] = value;

    public void Add(ServerKind kind, string metric, double value)
    {
        if (!_values.TryGetValue((kind, metric), out var list))
        {
            _values[(kind, metric)] = list = [];
        }

        list.Add(value);
    }

    public void AddLatency(ServerKind kind, string prefix, Latency latency)
    {
        Add(kind, $"{prefix}.p50_ms", latency.P50);
        Add(kind, $"{prefix}.p99_ms", latency.P99);
        Add(kind, $"{prefix}.max_ms", latency.Max);
        Add(kind, $"{prefix}.delivered_pct", 100.0 * latency.Received / latency.Expected);
    }

    public double? Median(ServerKind kind, string metric)
    {
        if (!_values.TryGetValue((kind, metric), out var list) || list.Count == 0)
        {
            return null;
        }

        var sorted = list.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public string Table()
    {
        var rows = new List<string[]> { new[] { "metric", "ChatRoom", "SignalR", "bare", "ChatRoom/SignalR", "ChatRoom/bare" } };
        foreach (var (metric, label, _) in s_metrics)
        {
            var chat = Median(ServerKind.ChatRoom, metric);
            var signalR = Median(ServerKind.SignalR, Peer(metric));
            var bare = Median(ServerKind.Bare, Peer(metric));
            if (chat is null && signalR is null && bare is null)
            {
                continue;
            }

            rows.Add([label, Format(chat), Format(signalR), Format(bare), Ratio(chat, signalR), Ratio(chat, bare)]);
        }

        var widths = Enumerable.Range(0, 6).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var lines = rows.Select(r => "| " + string.Join(" | ", r.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |").ToList();
        lines.Insert(1, "|" + string.Join("|", widths.Select((w, c) => c == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        return string.Join(Environment.NewLine, lines);
    }

    public string Json(Settings settings)
    {
        var servers = Enum.GetValues<ServerKind>().ToDictionary(
            kind => kind.ToString(),
            kind => s_metrics.Where(m => _values.ContainsKey((kind, m.Metric))).ToDictionary(m => m.Metric, m => new { median = Median(kind, m.Metric), runs = _values[(kind, m.Metric)] }));
        var ratios = s_metrics.ToDictionary(m => m.Metric, m => new
        {
            chatroom_over_signalr = RatioValue(Median(ServerKind.ChatRoom, m.Metric), Median(ServerKind.SignalR, Peer(m.Metric))),
            chatroom_over_bare = RatioValue(Median(ServerKind.ChatRoom, m.Metric), Median(ServerKind.Bare, Peer(m.Metric))),
        });
        var document = new
        {
            machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription },
            settings = new { settings.RoomConnections, settings.IdleConnections, settings.Senders, settings.Rounds, fanOutSeconds = settings.FanOutDuration.TotalSeconds, latencySeconds = settings.LatencyDuration.TotalSeconds, settings.LatencyRate, settings.TextLength, settings.Scenarios, settings.Nodes, settings.ScaleOutConnections, settings.ScaleOutSeconds, settings.SteadyReceivers, settings.SteadySenders, settings.SteadyRate, settings.SteadySeconds, settings.SteadyWriteDelayMs },
            notes = _notes,
            servers,
            ratios,
        };
        return JsonSerializer.Serialize(document, s_json);
    }

    /// <summary>The metric the other servers' figures for <paramref name="metric"/> are under: they have no write delay.</summary>
    private static string Peer(string metric) =>
        metric.StartsWith("steady_delay.", StringComparison.Ordinal) ? "steady." + metric["steady_delay.".Length..] : metric;

    // NaN marks "not applicable" (e.g. no close status when the stalled client was never cut off): no ratio either.
    private static double? RatioValue(double? a, double? b) =>
        a is double x && b is double y && y != 0 && !double.IsNaN(x) && !double.IsNaN(y) ? x / y : null;

    private static string Ratio(double? a, double? b) => RatioValue(a, b) is double r ? $"{r:N2}x" : "-";

    private static string Format(double? value) => value switch
    {
        null => "-",
        double v when double.IsNaN(v) => "n/a",
        double v when Math.Abs(v) >= 1000 => v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        double v => v.ToString("N2", System.Globalization.CultureInfo.InvariantCulture),
    };
}
