namespace ChatRoom.Core.Tests;

/// <summary>A transport that holds one connection's sends (so a broadcast stays under way) and finds another gone.</summary>
public sealed class HeldMessenger(IConnectionMessenger inner, SendHold hold) : MessengerDecorator(inner)
{
    public override ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default)
    {
        if (!hold.Released.IsCompleted && connectionId == hold.Target)
        {
            return SendWhenReleasedAsync(connectionId, utf8Frame, cancellationToken);
        }

        return hold.Released.IsCompleted && connectionId == hold.Gone
            ? ValueTask.FromResult(DeliveryResult.Gone)
            : base.SendAsync(connectionId, utf8Frame, cancellationToken);
    }

    private async ValueTask<DeliveryResult> SendWhenReleasedAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken)
    {
        hold.NoteReached();
        await hold.Released.WaitAsync(cancellationToken);
        return await base.SendAsync(connectionId, utf8Frame, cancellationToken);
    }
}
