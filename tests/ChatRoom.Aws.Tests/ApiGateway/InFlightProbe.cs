using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>
/// A <see cref="ScriptedGateway.BeforeAnswer"/> hook that counts the requests in flight and the TCP connections they
/// came on, and holds every request until <see cref="Target"/> are in flight at once (then keeps each briefly, so that
/// later requests overlap too).
/// </summary>
/// <remarks>
/// When the target is never reached, the held requests are failed once <paramref name="giveUp"/> is cancelled. Give the
/// client a longer per-attempt timeout than that, or its retries overlap the attempts it abandoned.
/// </remarks>
/// <param name="target">How many requests in flight release them all.</param>
/// <param name="giveUp">Ends the hold of a test whose target is never reached.</param>
public sealed class InFlightProbe(int target, CancellationToken giveUp)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, byte> _connections = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;

    public int Target => target;

    /// <summary>Gets the most requests that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Gets how many TCP connections the requests came on.</summary>
    public int Connections => _connections.Count;

    public async Task HoldAsync(HttpContext context)
    {
        _connections.TryAdd(context.Connection.Id, 0);
        var now = Interlocked.Increment(ref _inFlight);
        var seen = Volatile.Read(ref _maxInFlight);
        while (now > seen && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
            seen = Volatile.Read(ref _maxInFlight);
        }

        if (now >= target)
        {
            _reached.TrySetResult();
        }

        try
        {
            // A request the client gave up on (its attempt timed out) is no longer in flight.
            using var held = CancellationTokenSource.CreateLinkedTokenSource(giveUp, context.RequestAborted);
            await _reached.Task.WaitAsync(held.Token);
            await Task.Delay(5, held.Token);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
