namespace ChatRoom.Core.Tests;

/// <summary>Passes every call to a real message store; see <see cref="ConnectionStoreDecorator"/>.</summary>
public class MessageStoreDecorator(IMessageStore inner) : IMessageStore
{
    public virtual Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(message, cancellationToken);

    public virtual Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        inner.GetLatestAsync(room, limit, cancellationToken);

    public virtual Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        inner.GetBeforeAsync(room, beforeSeq, limit, cancellationToken);

    public virtual Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        inner.GetAfterAsync(room, afterSeq, limit, cancellationToken);
}
