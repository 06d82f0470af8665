namespace ChatRoom.Client.Internal;

/// <summary>Exponential backoff with full jitter: a uniform delay in [0, min(max, first × 2^attempt)].</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max)
    {
        var ceiling = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(ceiling, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * capped);
    }

    /// <summary>A delay of <paramref name="value"/> ± 25 %.</summary>
    public static TimeSpan Jitter(TimeSpan value) => value * (0.75 + (Random.Shared.NextDouble() * 0.5));
}
