using System.Collections.Concurrent;

namespace ChatRoom.InMemory.Internal;

/// <summary>The messenger for connections held by this process: hands each frame to the connection's queue.</summary>
internal sealed class InProcessMessenger : IConnectionMessenger
{
    private readonly ConcurrentDictionary<string, IConnectionSink> _sinks = new(StringComparer.Ordinal);

    public void Register(string connectionId, IConnectionSink sink)
    {
        if (!_sinks.TryAdd(connectionId, sink))
        {
            throw new InvalidOperationException($"Connection id '{connectionId}' is already in use.");
        }
    }

    public void Unregister(string connectionId, IConnectionSink sink) => _sinks.TryRemove(new KeyValuePair<string, IConnectionSink>(connectionId, sink));

    public ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_sinks.TryGetValue(connectionId, out var sink) ? sink.Deliver(utf8Frame) : DeliveryResult.Gone);
}
