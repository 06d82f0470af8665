namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// One connection's <c>MESSAGE</c> invocations in flight. API Gateway does not wait for one to finish before invoking
/// the next, so neither does the gateway: two frames of one connection can run in two execution environments at once.
/// </summary>
/// <remarks>
/// Used by the connection's read loop only (not thread-safe). At most <c>limit</c> run at once per connection (no more
/// environments exist), so a client that floods waits in its own read loop instead of queueing without bound.
/// </remarks>
/// <param name="limit">The most invocations in flight, <see cref="LocalGatewayOptions.MaxConcurrency"/>.</param>
internal sealed class ConnectionInvocations(int limit) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(limit, limit);
    private readonly List<Task> _running = [];

    /// <summary>Starts <paramref name="invoke"/> without waiting for it, once fewer than the limit are in flight.</summary>
    public async Task StartAsync(Func<Task> invoke, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        _running.RemoveAll(static task => task.IsCompleted);
        _running.Add(Task.Run(async () =>
        {
            try
            {
                await invoke();
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None));
    }

    /// <summary>Completes when every invocation started so far has finished.</summary>
    public Task WhenAllAsync() => Task.WhenAll(_running);

    public void Dispose() => _slots.Dispose();
}
