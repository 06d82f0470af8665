using System.Diagnostics;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// Execution environments as Lambda keeps them: each handles one invocation at a time; an invocation takes an idle one,
/// or starts a new one (a cold start) when all are busy, up to a limit; at the limit it waits for one to free, first
/// come, first served.
/// </summary>
/// <remarks>
/// Thread-safe. Real Lambda throttles an invocation over its concurrency limit (API Gateway answers the client with an
/// error) instead of queueing it; waiting keeps a development gateway usable under a burst. Disposing disposes every
/// environment, busy ones included, and fails the waiters.
/// </remarks>
/// <typeparam name="TEnvironment">The environment, e.g. <see cref="ExecutionEnvironment"/>.</typeparam>
/// <param name="maxConcurrency">The most environments, at least 1.</param>
/// <param name="start">Builds the environment with the given number (1, 2, …): the cold start.</param>
/// <param name="logger">Where cold starts are logged.</param>
internal sealed partial class EnvironmentPool<TEnvironment>(int maxConcurrency, Func<int, TEnvironment> start, ILogger logger) : IAsyncDisposable
    where TEnvironment : class, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<TEnvironment> _idle = new();
    private readonly List<TEnvironment> _started = [];

    // A waiter gets an environment, or null when a cold start failed and freed its slot: then it tries again.
    private readonly Queue<TaskCompletionSource<TEnvironment?>> _waiters = new();
    private int _starting;
    private int _discarded;
    private int _lastNumber;
    private bool _disposed;

    /// <summary>Gets how many environments have been started (cold starts that succeeded).</summary>
    public int Started
    {
        get
        {
            lock (_lock)
            {
                return _started.Count;
            }
        }
    }

    /// <summary>Gets how many environments were discarded (<see cref="Discard"/>) after an invocation timed out.</summary>
    public int Discarded
    {
        get
        {
            lock (_lock)
            {
                return _discarded;
            }
        }
    }

    /// <summary>Gets how many started environments are idle.</summary>
    public int Idle
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Gets how many invocations wait for an environment (every one is busy and no more may start).</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count(static waiter => !waiter.Task.IsCompleted);
            }
        }
    }

    /// <summary>Takes an idle environment, starts one, or waits for one; hand it back with <see cref="Release"/>.</summary>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public async Task<TEnvironment> AcquireAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            TaskCompletionSource<TEnvironment?> waiter;
            int number;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.TryPop(out var idle))
                {
                    return idle;
                }

                if (_started.Count + _starting < maxConcurrency)
                {
                    _starting++;
                    number = ++_lastNumber;
                    waiter = null!;
                }
                else
                {
                    number = 0;
                    waiter = new TaskCompletionSource<TEnvironment?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiters.Enqueue(waiter);
                }
            }

            if (number > 0)
            {
                return await StartOneAsync(number).ConfigureAwait(false);
            }

            using (cancellationToken.Register(static state => ((TaskCompletionSource<TEnvironment?>)state!).TrySetCanceled(), waiter))
            {
                if (await waiter.Task.ConfigureAwait(false) is { } handedOver)
                {
                    return handedOver;
                }
            }
        }
    }

    /// <summary>Hands an environment back: to the longest waiter, or to the idle ones.</summary>
    public void Release(TEnvironment environment)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            while (_waiters.TryDequeue(out var waiter))
            {
                if (waiter.TrySetResult(environment))
                {
                    return;
                }
            }

            _idle.Push(environment);
        }
    }

    /// <summary>
    /// Takes a busy environment out of the pool for good, as Lambda does after a timeout; its slot is free for a new
    /// one (a cold start). The caller disposes it.
    /// </summary>
    public void Discard(TEnvironment environment)
    {
        lock (_lock)
        {
            if (!_started.Remove(environment))
            {
                return;
            }

            _discarded++;

            // The slot is free again: let one waiter start an environment in it.
            while (_waiters.TryDequeue(out var waiter) && !waiter.TrySetResult(null))
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        TEnvironment[] started;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            started = [.. _started];
            _started.Clear();
            _idle.Clear();
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.TrySetException(new ObjectDisposedException(GetType().Name));
            }
        }

        foreach (var environment in started)
        {
            await environment.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<TEnvironment> StartOneAsync(int number)
    {
        var startedAt = Stopwatch.GetTimestamp();
        TEnvironment environment;
        try
        {
            environment = start(number);
        }
        catch
        {
            lock (_lock)
            {
                _starting--;

                // The slot is free again: let one waiter try to start an environment in it.
                while (_waiters.TryDequeue(out var waiter) && !waiter.TrySetResult(null))
                {
                }
            }

            throw;
        }

        int running;
        lock (_lock)
        {
            _starting--;
            if (!_disposed)
            {
                _started.Add(environment);
            }

            running = _disposed ? 0 : _started.Count;
        }

        if (running == 0)
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(GetType().Name);
        }

        var elapsed = Stopwatch.GetElapsedTime(startedAt);
        Log.ColdStart(logger, number, running, maxConcurrency, (long)elapsed.TotalMilliseconds);
        return environment;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Cold start: execution environment #{Number} built in {ElapsedMilliseconds} ms; {Running} of at most {MaxConcurrency} running")]
        public static partial void ColdStart(ILogger logger, int number, int running, int maxConcurrency, long elapsedMilliseconds);
    }
}
