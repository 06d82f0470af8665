using System.Threading.RateLimiting;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>
/// One client address's limits on a chat endpoint: the sockets it holds open (a concurrency limiter) and the upgrades
/// it makes per window (a fixed window). The endpoint holds the lease until the socket has ended (closed, aborted or
/// refused), so an open socket holds one permit.
/// </summary>
/// <remarks>
/// The limiters are chained with <see cref="RateLimiter.CreateChained"/>, open sockets first: an upgrade refused for
/// them then costs no permit of the window, whose permits never come back. Two things the chain alone gets wrong for
/// the partitioned limiter, which drops limiters idle for a while and disposes them: the chain reports itself idle when
/// either limiter is (an address whose window had refilled would be dropped with its sockets still open, and counted
/// from zero again), and disposing it leaves both limiters, and the window's timer, alive.
/// </remarks>
internal sealed class ConnectionLimiter : RateLimiter
{
    private readonly RateLimiter _openSockets;
    private readonly RateLimiter _upgrades;
    private readonly RateLimiter _chain;

    public ConnectionLimiter(RateLimiter openSockets, RateLimiter upgrades)
    {
        _openSockets = openSockets;
        _upgrades = upgrades;
        _chain = CreateChained(openSockets, upgrades);
    }

    /// <summary>Creates the limiter of one address. Only the window's refusals carry <see cref="MetadataName.RetryAfter"/>.</summary>
    public static ConnectionLimiter Create(ConnectionLimitOptions options) => new(
        new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentPerAddress,
            QueueLimit = 0,
        }),
        new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitsPerWindow,
            Window = options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public override TimeSpan? IdleDuration =>
        _openSockets.IdleDuration is { } open && _upgrades.IdleDuration is { } upgrades ? (open < upgrades ? open : upgrades) : null;

    public override RateLimiterStatistics? GetStatistics() => _chain.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => _chain.AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        _chain.AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeLimiters();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        DisposeLimiters();
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    private void DisposeLimiters()
    {
        _chain.Dispose();
        _upgrades.Dispose();
        _openSockets.Dispose();
    }
}
