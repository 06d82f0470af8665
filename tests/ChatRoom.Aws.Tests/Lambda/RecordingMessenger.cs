using System.Collections.Concurrent;
using System.Text.Json;

namespace ChatRoom.Aws.Tests.Lambda;

/// <summary>An <see cref="IConnectionMessenger"/> that delivers every frame into a list, per connection.</summary>
public sealed class RecordingMessenger : IConnectionMessenger
{
    private readonly ConcurrentQueue<(string ConnectionId, JsonElement Frame)> _sent = new();

    /// <summary>Gets API Gateway's limit, as the real messenger has it.</summary>
    public int MaxFrameBytes => 128 * 1024;

    public IReadOnlyList<JsonElement> SentTo(string connectionId) =>
        [.. _sent.Where(s => s.ConnectionId == connectionId).Select(s => s.Frame)];

    public ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(utf8Frame);
        _sent.Enqueue((connectionId, document.RootElement.Clone()));
        return ValueTask.FromResult(DeliveryResult.Delivered);
    }

    public ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(DeliveryResult.Delivered);
}
