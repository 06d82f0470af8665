using ChatRoom.InMemory;
using ChatRoom.InMemory.Internal;
using Microsoft.Extensions.Options;

namespace ChatRoom.AspNetCore.Tests.Support;

/// <summary>The in-memory message store, with every append held until the test opens the gate.</summary>
internal sealed class GatedMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new(new InMemoryConnectionStore(), Options.Create(new InMemoryOptions()));
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes when an append is waiting at the gate.</summary>
    public Task AppendEntered => _entered.Task;

    public void Open() => _gate.TrySetResult();

    public async Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return await _inner.AppendAsync(message, cancellationToken);
    }

    public Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        _inner.GetLatestAsync(room, limit, cancellationToken);

    public Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        _inner.GetBeforeAsync(room, beforeSeq, limit, cancellationToken);

    public Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        _inner.GetAfterAsync(room, afterSeq, limit, cancellationToken);
}
