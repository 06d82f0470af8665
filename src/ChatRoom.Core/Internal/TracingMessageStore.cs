namespace ChatRoom.Internal;

/// <summary>Wraps the registered message store in <c>chatroom.store.*</c> spans while something listens; otherwise a direct call.</summary>
internal sealed class TracingMessageStore(IMessageStore inner) : IMessageStore
{
    private const string Store = StoreSpans.Messages;

    public Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "append", message?.Room, message?.Sender.ConnectionId, (inner, message, cancellationToken), static s => s.inner.AppendAsync(s.message!, s.cancellationToken))
            : inner.AppendAsync(message, cancellationToken);

    public Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "get_latest", room, null, (inner, room, limit, cancellationToken), static s => s.inner.GetLatestAsync(s.room, s.limit, s.cancellationToken))
            : inner.GetLatestAsync(room, limit, cancellationToken);

    public Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "get_before", room, null, (inner, room, beforeSeq, limit, cancellationToken), static s => s.inner.GetBeforeAsync(s.room, s.beforeSeq, s.limit, s.cancellationToken))
            : inner.GetBeforeAsync(room, beforeSeq, limit, cancellationToken);

    public Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "get_after", room, null, (inner, room, afterSeq, limit, cancellationToken), static s => s.inner.GetAfterAsync(s.room, s.afterSeq, s.limit, s.cancellationToken))
            : inner.GetAfterAsync(room, afterSeq, limit, cancellationToken);
}
