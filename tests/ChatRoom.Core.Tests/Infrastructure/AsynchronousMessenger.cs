namespace ChatRoom.Core.Tests;

/// <summary>A slow but working transport: every send completes asynchronously, like <c>@connections</c> calls.</summary>
public sealed class AsynchronousMessenger(IConnectionMessenger inner) : MessengerDecorator(inner)
{
    public override async ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return await base.SendAsync(connectionId, utf8Frame, cancellationToken);
    }
}
