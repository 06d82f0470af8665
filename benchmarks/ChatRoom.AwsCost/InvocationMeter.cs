using System.Collections.Concurrent;

namespace ChatRoom.AwsCost;

/// <summary>Counts function invocations by event type when they complete, and how many are running; remembers connection ids.</summary>
internal sealed class InvocationMeter
{
    private int _inFlight;

    public RequestTally Completed { get; } = new();

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the ids of accepted connections by the <c>name</c> they connected with (how the tool learns its clients' ids).</summary>
    public ConcurrentDictionary<string, string> ConnectionIds { get; } = new(StringComparer.Ordinal);

    public void Begin() => Interlocked.Increment(ref _inFlight);

    public void End(string eventType)
    {
        Completed.Add(eventType);
        Interlocked.Decrement(ref _inFlight);
    }
}
