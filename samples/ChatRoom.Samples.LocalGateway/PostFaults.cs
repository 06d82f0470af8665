using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// The faults of <see cref="LocalGatewayFaultOptions"/> for <c>@connections</c> POSTs: a delay before each answer and
/// a fraction of attempts answered 500, drawn from one (optionally seeded) random sequence.
/// </summary>
/// <remarks>Thread-safe. GET and DELETE are never affected.</remarks>
internal sealed partial class PostFaults
{
    private readonly Lock _lock = new();
    private readonly Random _random;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostFaults> _logger;
    private readonly TimeSpan _jitter;
    private long _latencyTicks;
    private long _injected;

    public PostFaults(IOptions<LocalGatewayOptions> options, TimeProvider timeProvider, ILogger<PostFaults> logger)
    {
        var faults = options.Value.Faults;
        _random = faults.Seed is { } seed ? new Random(seed) : new Random();
        _timeProvider = timeProvider;
        _logger = logger;
        _latencyTicks = faults.PostLatency.Ticks;
        _jitter = faults.PostLatencyJitter;
        PostFailureRate = faults.PostFailureRate;
    }

    /// <summary>Gets or sets the fraction of POST attempts answered 500; starts as configured (tests change it while the gateway runs).</summary>
    public double PostFailureRate { get; set; }

    /// <summary>Gets or sets the delay before each POST is answered; starts as configured (tests lift it while the gateway runs).</summary>
    public TimeSpan PostLatency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Gets how many POST attempts were answered 500 so far.</summary>
    public long Injected => Interlocked.Read(ref _injected);

    /// <summary>Waits the configured latency, then decides whether this POST attempt fails.</summary>
    /// <param name="connectionId">The target connection, for the log.</param>
    /// <param name="cancellationToken">The request's abort.</param>
    /// <returns>Whether to answer 500 instead of delivering the frame.</returns>
    public async Task<bool> FailPostAsync(string connectionId, CancellationToken cancellationToken)
    {
        var delay = PostLatency + (_jitter > TimeSpan.Zero ? _jitter * Draw() : TimeSpan.Zero);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }

        var rate = PostFailureRate;
        if (rate <= 0 || Draw() >= rate)
        {
            return false;
        }

        Interlocked.Increment(ref _injected);
        Log.Injected(_logger, connectionId);
        return true;
    }

    private double Draw()
    {
        lock (_lock)
        {
            return _random.NextDouble();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "POST @connections for {ConnectionId} answered 500 (LocalGateway:Faults:PostFailureRate)")]
        public static partial void Injected(ILogger logger, string connectionId);
    }
}
