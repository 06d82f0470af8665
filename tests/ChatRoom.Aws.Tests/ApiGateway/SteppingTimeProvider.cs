namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>A clock whose every reading is one second after the previous one; timers and timestamps stay real.</summary>
public sealed class SteppingTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private long _readings;

    public override DateTimeOffset GetUtcNow() => Start.AddSeconds(Interlocked.Increment(ref _readings));
}
