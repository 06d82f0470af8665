using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>The messenger for connections this process holds: hands each frame to the connection's registered sink.</summary>
/// <remarks>
/// The default <see cref="IConnectionMessenger"/> of <c>AddChatRoom()</c>. A thread-safe singleton: hosts register a
/// sink per connection before they tell the engine it connected, and unregister it once the connection is over. A send
/// completes synchronously and allocates nothing: it is one dictionary lookup and the sink's queue.
/// </remarks>
public sealed class InProcessMessenger : IConnectionMessenger
{
    private readonly ConcurrentDictionary<string, IConnectionSink> _sinks = new(StringComparer.Ordinal);

    /// <summary>Creates the messenger.</summary>
    /// <param name="options">The frame limit.</param>
    public InProcessMessenger(IOptions<InProcessMessengerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxFrameBytes = options.Value.MaxFrameBytes;
    }

    /// <summary>Gets <see cref="InProcessMessengerOptions.MaxFrameBytes"/>: the engine cuts its replies to fit it.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Registers a new connection's sink under a new, unguessable, URL-safe connection id (like API Gateway's).</summary>
    /// <param name="sink">Where the connection's frames go.</param>
    /// <returns>The connection id to pass to the engine.</returns>
    public string Register(IConnectionSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        while (true)
        {
            var connectionId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
            if (_sinks.TryAdd(connectionId, sink))
            {
                return connectionId;
            }
        }
    }

    /// <summary>Removes a connection's sink; frames sent to it afterwards report <see cref="DeliveryResult.Gone"/>.</summary>
    /// <param name="connectionId">The id <see cref="Register"/> returned.</param>
    public void Unregister(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        _sinks.TryRemove(connectionId, out _);
    }

    /// <inheritdoc />
    public ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_sinks.TryGetValue(connectionId, out var sink) ? sink.Deliver(utf8Frame) : DeliveryResult.Gone);

    /// <summary>Closes a connection this process holds; one held elsewhere (another node) is <see cref="DeliveryResult.Gone"/> here.</summary>
    /// <inheritdoc />
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
