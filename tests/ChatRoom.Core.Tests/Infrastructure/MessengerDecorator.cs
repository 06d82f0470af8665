namespace ChatRoom.Core.Tests;

/// <summary>Passes every send to the real in-process messenger; see <see cref="ConnectionStoreDecorator"/>.</summary>
public class MessengerDecorator(IConnectionMessenger inner) : IConnectionMessenger
{
    public virtual int MaxFrameBytes => inner.MaxFrameBytes;

    public virtual ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default) =>
        inner.SendAsync(connectionId, utf8Frame, cancellationToken);

    public virtual ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.CloseAsync(connectionId, cancellationToken);
}
