namespace ChatRoom.Samples.Tests.Browser;

/// <summary>The server's messenger, except for the frame <see cref="FrameDropper"/> chooses to lose.</summary>
internal sealed class DroppingMessenger(IConnectionMessenger inner, FrameDropper dropper) : IConnectionMessenger
{
    public int MaxFrameBytes => inner.MaxFrameBytes;

    public ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default) =>
        dropper.ShouldDrop(connectionId, utf8Frame) ? ValueTask.FromResult(DeliveryResult.Delivered) : inner.SendAsync(connectionId, utf8Frame, cancellationToken);

    public ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.CloseAsync(connectionId, cancellationToken);
}
