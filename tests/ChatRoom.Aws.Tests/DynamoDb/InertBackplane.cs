namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>A backplane that does nothing: its registration alone tells the node registry that nodes deliver to each other.</summary>
internal sealed class InertBackplane : IChatBackplane
{
    public Task PublishAsync(string room, IReadOnlyList<RoomFrame> frames, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SubscribeAsync(string room, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UnsubscribeAsync(string room, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ConnectionOpenedAsync(string connectionId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ConnectionRemovedAsync(string connectionId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
