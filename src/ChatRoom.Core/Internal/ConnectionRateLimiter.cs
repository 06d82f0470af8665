using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>A token bucket per connection.</summary>
/// <remarks>
/// One partitioned limiter replenishes every bucket from a single timer and drops idle buckets by itself, so idle
/// connections cost nothing and a connection that disconnected on another node does not leak a bucket here.
/// </remarks>
internal sealed class ConnectionRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ConnectionRateLimiter(IOptions<ChatRoomOptions> options)
    {
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.RateLimitBurst,
            TokensPerPeriod = options.Value.RateLimitPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        _limiter = PartitionedRateLimiter.Create<string, string>(
            connectionId => RateLimitPartition.GetTokenBucketLimiter(connectionId, _ => bucket),
            StringComparer.Ordinal);
    }

    public bool TryAcquire(string connectionId)
    {
        using var lease = _limiter.AttemptAcquire(connectionId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
