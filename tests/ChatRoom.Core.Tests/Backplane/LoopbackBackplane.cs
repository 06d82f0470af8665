using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Core.Tests;

/// <summary>One node's <see cref="IChatBackplane"/> on a <see cref="LoopbackBus"/>.</summary>
public sealed class LoopbackBackplane(LoopbackBus bus, IServiceProvider services) : IChatBackplane
{
    internal IChatBackplaneReceiver Receiver => services.GetRequiredService<IChatBackplaneReceiver>();

    public Task PublishAsync(string room, IReadOnlyList<RoomFrame> frames, CancellationToken cancellationToken = default)
    {
        bus.Publish(room, frames);
        return Task.CompletedTask;
    }

    public Task SubscribeAsync(string room, CancellationToken cancellationToken = default)
    {
        bus.Subscribe(this, room);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(string room, CancellationToken cancellationToken = default)
    {
        bus.Unsubscribe(this, room);
        return Task.CompletedTask;
    }

    public Task ConnectionOpenedAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        bus.Record(bus.Opened, connectionId);
        return Task.CompletedTask;
    }

    public Task ConnectionRemovedAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        bus.Record(bus.Removed, connectionId);
        return Task.CompletedTask;
    }
}
