namespace ChatRoom.LoadTest;

/// <summary>Command-line settings; <c>--quick</c> shrinks everything so that a full run takes under a minute.</summary>
/// <remarks>
/// The scale-out scenario (not in the default list) has sizes of its own, since its nodes, Redis and clients share the
/// machine: <see cref="Nodes"/> processes per server kind, <see cref="ScaleOutConnections"/> room connections over them,
/// <see cref="ScaleOutSeconds"/> per measure. So has the steady scenario (not in the default list either):
/// <see cref="SteadyReceivers"/> room connections, of which <see cref="SteadySenders"/> send <see cref="SteadyRate"/>
/// messages a second each, for <see cref="SteadySeconds"/> measured; ChatRoom runs it twice, without a write delay and
/// with one of <see cref="SteadyWriteDelayMs"/> (5 ms, its default).
/// </remarks>
internal sealed record Settings(
    int RoomConnections,
    int IdleConnections,
    int Senders,
    int Rounds,
    TimeSpan FanOutDuration,
    TimeSpan LatencyDuration,
    int LatencyRate,
    TimeSpan Budget,
    string Output,
    IReadOnlyList<ServerKind> Servers,
    IReadOnlyList<string> Scenarios,
    int TextLength = Recorder.TextLength,
    int Nodes = 3,
    int ScaleOutConnections = 300,
    double ScaleOutSeconds = 10,
    int SteadyReceivers = 500,
    int SteadySenders = 50,
    int SteadyRate = 8,
    double SteadySeconds = 10,
    double SteadyWriteDelayMs = 5)
{
    public static Settings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var settings = quick
            ? new Settings(200, 1_000, 4, 1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), 20, TimeSpan.FromSeconds(55), "loadtest-results.json", [ServerKind.ChatRoom, ServerKind.SignalR, ServerKind.Bare], ["fanout", "latency", "slow", "idle"], ScaleOutConnections: 150, ScaleOutSeconds: 2)
            : new Settings(1_000, 10_000, 4, 2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), 20, TimeSpan.FromMinutes(12), "loadtest-results.json", [ServerKind.ChatRoom, ServerKind.SignalR, ServerKind.Bare], ["fanout", "latency", "slow", "idle"]);
        for (var i = 0; i < args.Length - 1; i++)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--connections" => settings with { RoomConnections = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--idle" => settings with { IdleConnections = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--senders" => settings with { Senders = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--rounds" => settings with { Rounds = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--rate" => settings with { LatencyRate = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--seconds" => settings with { FanOutDuration = TimeSpan.FromSeconds(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)), LatencyDuration = TimeSpan.FromSeconds(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) },
                "--out" => settings with { Output = value },
                "--servers" => settings with { Servers = [.. value.Split(',').Select(s => Enum.Parse<ServerKind>(s, ignoreCase: true))] },
                "--scenarios" => settings with { Scenarios = value.Split(',') },
                "--text-length" => settings with { TextLength = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--nodes" => settings with { Nodes = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--scaleout-connections" => settings with { ScaleOutConnections = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--scaleout-seconds" => settings with { ScaleOutSeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--steady-receivers" => settings with { SteadyReceivers = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--steady-senders" => settings with { SteadySenders = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--steady-rate" => settings with { SteadyRate = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--steady-seconds" => settings with { SteadySeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--write-delay-ms" => settings with { SteadyWriteDelayMs = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                _ => settings,
            };
        }

        return settings;
    }
}
