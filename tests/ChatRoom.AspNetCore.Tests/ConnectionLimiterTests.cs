using System.Threading.RateLimiting;
using ChatRoom.AspNetCore.Internal;

namespace ChatRoom.AspNetCore.Tests;

/// <summary>One address's limiter: open sockets and upgrades per window, as the partition manager sees it.</summary>
public sealed class ConnectionLimiterTests
{
    [Fact]
    public void AttemptAcquire_BeyondTheOpenSockets_RefusedWithoutRetryAfterAndFreedWhenOneEnds()
    {
        using var limiter = ConnectionLimiter.Create(new ConnectionLimitOptions { MaxConcurrentPerAddress = 2 });
        using var first = limiter.AttemptAcquire();
        var second = limiter.AttemptAcquire();

        using var refused = limiter.AttemptAcquire();
        second.Dispose();
        using var again = limiter.AttemptAcquire();

        Assert.True(first.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.False(refused.TryGetMetadata(MetadataName.RetryAfter, out _));
        Assert.True(again.IsAcquired);
    }

    [Fact]
    public void AttemptAcquire_BeyondTheWindow_RefusedWithRetryAfter()
    {
        using var limiter = ConnectionLimiter.Create(new ConnectionLimitOptions { PermitsPerWindow = 1, Window = TimeSpan.FromHours(1) });
        using var first = limiter.AttemptAcquire();

        using var refused = limiter.AttemptAcquire();

        Assert.True(first.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromHours(1), retryAfter);
    }

    [Fact]
    public void AttemptAcquire_RefusedForOpenSockets_CostsNoPermitOfTheWindow()
    {
        using var limiter = ConnectionLimiter.Create(new ConnectionLimitOptions { MaxConcurrentPerAddress = 1, PermitsPerWindow = 2, Window = TimeSpan.FromHours(1) });
        var open = limiter.AttemptAcquire();
        for (var i = 0; i < 5; i++)
        {
            using var refused = limiter.AttemptAcquire();
            Assert.False(refused.IsAcquired);
        }

        open.Dispose();
        using var second = limiter.AttemptAcquire();

        Assert.True(second.IsAcquired);
    }

    [Fact]
    public void IdleDuration_SocketOpenAfterTheWindowRefilled_Null()
    {
        // A window of one tick refilled by hand: the address's permits are all back while its socket is still open.
        var upgrades = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromTicks(1), QueueLimit = 0, AutoReplenishment = false });
        using var limiter = new ConnectionLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }), upgrades);
        var socket = limiter.AttemptAcquire();
        Assert.True(SpinWait.SpinUntil(upgrades.TryReplenish, TimeSpan.FromSeconds(5)));

        var whileOpen = limiter.IdleDuration;
        socket.Dispose();
        var afterClose = limiter.IdleDuration;

        Assert.True(socket.IsAcquired);
        Assert.NotNull(upgrades.IdleDuration);
        Assert.Null(whileOpen);
        Assert.NotNull(afterClose);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dispose_Limiter_DisposesBothLimiters(bool async)
    {
        var openSockets = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        var upgrades = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = true });
        var limiter = new ConnectionLimiter(openSockets, upgrades);

        if (async)
        {
            await limiter.DisposeAsync();
        }
        else
        {
            limiter.Dispose();
        }

        Assert.Throws<ObjectDisposedException>(() => openSockets.AttemptAcquire());
        Assert.Throws<ObjectDisposedException>(() => upgrades.AttemptAcquire());
    }
}
