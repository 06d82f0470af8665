using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatRoom.InMemory.Internal;

/// <summary>The messenger for connections held by this process: hands each frame to the connection's queue.</summary>
internal sealed class InProcessMessenger(IOptions<WebSocketHostOptions> options) : IConnectionMessenger
{
    private readonly ConcurrentDictionary<string, IConnectionSink> _sinks = new(StringComparer.Ordinal);

    /// <summary>Gets <see cref="WebSocketHostOptions.MaxOutboundFrameBytes"/>: the engine cuts its replies to fit it.</summary>
    public int MaxFrameBytes { get; } = options.Value.MaxOutboundFrameBytes;

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

    /// <summary>Closes a connection this process holds; a connection held elsewhere (another node) is <see cref="DeliveryResult.Gone"/> here.</summary>
    public ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        if (!_sinks.TryGetValue(connectionId, out var sink))
        {
            return ValueTask.FromResult(DeliveryResult.Gone);
        }

        sink.Close();
        return ValueTask.FromResult(DeliveryResult.Delivered);
    }
}
