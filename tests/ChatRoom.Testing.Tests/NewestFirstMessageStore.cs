namespace ChatRoom.Testing.Tests;

/// <summary>A faulty store: pages of the latest messages come newest first, which the engine's replies cannot use.</summary>
internal sealed class NewestFirstMessageStore(IMessageStore inner) : IMessageStore
{
    public Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(message, cancellationToken);

    public async Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default)
    {
        var page = await inner.GetLatestAsync(room, limit, cancellationToken);
        return page with { Messages = [.. page.Messages.Reverse()] };
    }

    public Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        inner.GetBeforeAsync(room, beforeSeq, limit, cancellationToken);

    public Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        inner.GetAfterAsync(room, afterSeq, limit, cancellationToken);
}
