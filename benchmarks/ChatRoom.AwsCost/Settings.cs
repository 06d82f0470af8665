using System.Globalization;

namespace ChatRoom.AwsCost;

/// <summary>Command-line settings.</summary>
/// <param name="Members">Room sizes M to measure.</param>
/// <param name="Others">Connection counts K in other rooms, measured in ascending order (connections are added, never removed).</param>
/// <param name="Messages">Messages sent into each room per design; the figures are per-message means.</param>
/// <param name="OtherRoomSize">Connections per other room.</param>
/// <param name="LargeOthers">The K the dollar table extrapolates to.</param>
/// <param name="Output">Markdown file the tables are written to.</param>
/// <param name="ClientMessageIds">Whether each ChatRoom message carries a <c>clientMessageId</c>, as our clients send one with every message.</param>
/// <param name="FanoutLatency">Measure fan-out latency (<see cref="AwsCost.FanoutLatency"/>) instead of cost.</param>
/// <param name="PostLatency">The fan-out latency run's <c>LocalGateway:Faults:PostLatency</c>.</param>
/// <param name="Concurrency">The fan-out latency run's requests in flight (messenger and broadcast), or null for the defaults.</param>
/// <param name="PostFailureRate">The fan-out latency run's <c>LocalGateway:Faults:PostFailureRate</c>: POST attempts answered 500, which the messenger retries.</param>
internal sealed record Settings(int[] Members, int[] Others, int Messages, int OtherRoomSize, int LargeOthers, string Output, bool ClientMessageIds = true, bool FanoutLatency = false, TimeSpan PostLatency = default, int? Concurrency = null, double PostFailureRate = 0)
{
    public const string Usage = """
        ChatRoom.AwsCost: DynamoDB requests, consumed capacity, @connections calls and Lambda invocations per message,
        through the local gateway on dynalite, for ChatRoom and for the AWS reference sample's Scan design.

          --members 10,100,1000    room sizes M
          --others 0,1000,5000     connections K in other rooms (rooms of --other-room-size)
          --messages 10            messages per (design, M, K)
          --other-room-size 10
          --large-others 100000    K of the extrapolated dollar rows
          --out awscost-results.md
          --quick                  M = 10,100; K = 0,200; 3 messages
          --no-client-message-id   ChatRoom messages without a clientMessageId (our clients always send one)

        Fan-out latency instead of cost: a warm-up message and --messages messages into one room of the largest M,
        each @connections post delayed by --post-latency; the time from each send to the last member's receipt.

          --fanout-latency         M = 1000 unless --members follows
          --post-latency 20        milliseconds
          --concurrency N          ChatRoom:ApiGateway:MaxConcurrentRequests and ChatRoom:BroadcastConcurrency (default: theirs)
          --post-failure-rate 0    fraction of POST attempts answered 500 (retried by the messenger)
        """;

    public static Settings Parse(string[] args)
    {
        var settings = new Settings([10, 100, 1000], [0, 1000, 5000], 10, 10, 100_000, "awscost-results.md", PostLatency: TimeSpan.FromMilliseconds(20));
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--members" => settings with { Members = Ints(Next()) },
                "--others" => settings with { Others = [.. Ints(Next()).Order()] },
                "--messages" => settings with { Messages = Ints(Next())[0] },
                "--other-room-size" => settings with { OtherRoomSize = Ints(Next())[0] },
                "--large-others" => settings with { LargeOthers = Ints(Next())[0] },
                "--out" => settings with { Output = Next() },
                "--quick" => settings with { Members = [10, 100], Others = [0, 200], Messages = 3 },
                "--no-client-message-id" => settings with { ClientMessageIds = false },
                "--fanout-latency" => settings with { FanoutLatency = true, Members = [1000], Output = "fanout-latency-results.md" },
                "--post-latency" => settings with { PostLatency = TimeSpan.FromMilliseconds(Ints(Next())[0]) },
                "--concurrency" => settings with { Concurrency = Ints(Next())[0] },
                "--post-failure-rate" => settings with { PostFailureRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n\n{Usage}"),
            };
        }

        return settings.Messages < 1 || settings.OtherRoomSize < 1 || settings.Members.Any(m => m < 1) || settings.Others.Any(k => k < 0) || settings.PostLatency < TimeSpan.Zero || settings.Concurrency < 1 || settings.PostFailureRate is < 0 or > 1
            ? throw new ArgumentException($"Counts must be positive (K may be 0).\n\n{Usage}")
            : settings;
    }

    private static int[] Ints(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))];
}
