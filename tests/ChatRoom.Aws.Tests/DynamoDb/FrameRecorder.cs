using System.Collections.Concurrent;
using System.Text.Json;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>Keeps every frame sent, per connection.</summary>
internal sealed class FrameRecorder : IConnectionMessenger
{
    private readonly ConcurrentQueue<(string ConnectionId, JsonElement Frame)> _frames = new();

    public int MaxFrameBytes => 128 * 1024;

    public List<JsonElement> Of(string connectionId, string type) =>
        [.. _frames.Where(f => f.ConnectionId == connectionId && f.Frame.GetProperty("type").GetString() == type).Select(f => f.Frame)];

    public ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default)
    {
        _frames.Enqueue((connectionId, JsonDocument.Parse(utf8Frame).RootElement.Clone()));
        return ValueTask.FromResult(DeliveryResult.Delivered);
    }

    public ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(DeliveryResult.Delivered);
}
