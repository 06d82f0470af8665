using ChatRoom.Samples.LocalGateway;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The gateway's execution environments: a cold start only when every environment is busy, never more than the limit, idle ones reused, waiters served first come, first served.</summary>
public sealed class EnvironmentPoolTests
{
    private const int ColdStartEventId = 30;

    private readonly FakeLogger _logger = new();
    private readonly List<FakeEnvironment> _built = [];

    [Fact]
    public async Task AcquireAsync_IdleEnvironment_IsReusedWithoutAColdStart()
    {
        await using var pool = NewPool(maxConcurrency: 3);

        var first = await pool.AcquireAsync();
        pool.Release(first);
        var again = await pool.AcquireAsync();

        Assert.Same(first, again);
        Assert.Single(_built);
        Assert.Single(ColdStarts());
    }

    [Fact]
    public async Task AcquireAsync_EveryEnvironmentBusy_StartsANewOneUpToTheLimit()
    {
        await using var pool = NewPool(maxConcurrency: 3);

        var busy = new[] { await pool.AcquireAsync(), await pool.AcquireAsync(), await pool.AcquireAsync() };
        var fourth = pool.AcquireAsync();

        Assert.Equal([1, 2, 3], busy.Select(e => e.Number));
        Assert.Equal(3, pool.Started);
        Assert.Equal(3, ColdStarts().Count);
        Assert.False(fourth.IsCompleted); // at the limit it waits, it does not start a fourth
        pool.Release(busy[1]);
        Assert.Same(busy[1], await fourth);
        Assert.Equal(3, _built.Count);
    }

    [Fact]
    public async Task Discard_BusyEnvironmentAtTheLimit_IsNeverReusedAndAWaiterGetsANewOne()
    {
        await using var pool = NewPool(maxConcurrency: 1);
        var timedOut = await pool.AcquireAsync();
        var waiter = pool.AcquireAsync();

        pool.Discard(timedOut);
        var next = await waiter;

        Assert.NotSame(timedOut, next);
        Assert.Equal(2, next.Number);
        Assert.Equal((1, 1), (pool.Started, pool.Discarded));
        pool.Release(next);
        Assert.Same(next, await pool.AcquireAsync());
    }

    [Fact]
    public async Task Release_SeveralWaiters_FirstComeFirstServed()
    {
        await using var pool = NewPool(maxConcurrency: 1);
        var only = await pool.AcquireAsync();

        var first = pool.AcquireAsync();
        var second = pool.AcquireAsync();
        pool.Release(only);

        Assert.Same(only, await first);
        Assert.False(second.IsCompleted);
        pool.Release(only);
        Assert.Same(only, await second);
        Assert.Single(_built);
    }

    [Fact]
    public async Task AcquireAsync_WaiterCancelled_ReleaseGoesToTheNextOneOrIdle()
    {
        await using var pool = NewPool(maxConcurrency: 1);
        var only = await pool.AcquireAsync();
        using var cancel = new CancellationTokenSource();

        var cancelled = pool.AcquireAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        pool.Release(only);

        Assert.Equal(1, pool.Idle);
        Assert.Same(only, await pool.AcquireAsync());
    }

    [Fact]
    public async Task AcquireAsync_ColdStartFails_FreesItsSlotForTheNextInvocation()
    {
        var fail = true;
        await using var pool = new EnvironmentPool<FakeEnvironment>(1, number => fail ? throw new InvalidOperationException("bad setting") : Build(number), _logger);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.AcquireAsync());
        fail = false;
        var environment = await pool.AcquireAsync();

        Assert.Equal(1, pool.Started);
        Assert.Same(_built.Single(), environment);
    }

    [Fact]
    public async Task DisposeAsync_BusyAndIdleEnvironments_DisposesEveryOneAndFailsWaiters()
    {
        var pool = NewPool(maxConcurrency: 2);
        var busy = await pool.AcquireAsync();
        var idle = await pool.AcquireAsync();
        pool.Release(idle);
        var stillBusy = await pool.AcquireAsync();
        var waiting = pool.AcquireAsync();

        await pool.DisposeAsync();

        Assert.All(_built, e => Assert.True(e.Disposed));
        Assert.Equal(2, _built.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.AcquireAsync());
        pool.Release(busy); // an invocation that finishes during shutdown
        pool.Release(stillBusy);
    }

    [Fact]
    public async Task ColdStart_Logged_WithTheEnvironmentAndTheLimit()
    {
        await using var pool = NewPool(maxConcurrency: 4);

        await pool.AcquireAsync();

        var record = Assert.Single(ColdStarts());
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal("1", record.GetStructuredStateValue("Number"));
        Assert.Equal("4", record.GetStructuredStateValue("MaxConcurrency"));
        Assert.NotNull(record.GetStructuredStateValue("ElapsedMilliseconds"));
    }

    private EnvironmentPool<FakeEnvironment> NewPool(int maxConcurrency) => new(maxConcurrency, Build, _logger);

    private FakeEnvironment Build(int number)
    {
        var environment = new FakeEnvironment(number);
        _built.Add(environment);
        return environment;
    }

    private List<FakeLogRecord> ColdStarts() => [.. _logger.Collector.GetSnapshot().Where(r => r.Id.Id == ColdStartEventId)];

    private sealed class FakeEnvironment(int number) : IAsyncDisposable
    {
        public int Number { get; } = number;

        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
