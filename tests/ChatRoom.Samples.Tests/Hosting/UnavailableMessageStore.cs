namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>A message store whose backend is down: every call fails as an adapter reports it.</summary>
public sealed class UnavailableMessageStore : IMessageStore
{
    public Task<AppendResult> AppendAsync(NewChatMessage message, CancellationToken cancellationToken = default) => Fail<AppendResult>();

    public Task<MessagePage> GetLatestAsync(string room, int limit, CancellationToken cancellationToken = default) => Fail<MessagePage>();

    public Task<MessagePage> GetBeforeAsync(string room, long beforeSeq, int limit, CancellationToken cancellationToken = default) => Fail<MessagePage>();

    public Task<MessagePage> GetAfterAsync(string room, long afterSeq, int limit, CancellationToken cancellationToken = default) => Fail<MessagePage>();

    private static Task<T> Fail<T>() => Task.FromException<T>(new ChatStoreUnavailableException("The test store is down."));
}
