namespace ChatRoom.Internal;

/// <summary>Runs a store call inside a <c>chatroom.store.*</c> span; the store decorators call it only while something listens.</summary>
internal static class StoreSpans
{
    public const string Connections = nameof(IConnectionStore);
    public const string Messages = nameof(IMessageStore);

    public static async Task<TResult> TraceAsync<TState, TResult>(
        string store, string operation, string? room, string? connectionId, TState state, Func<TState, Task<TResult>> call)
    {
        using var activity = ChatRoomActivitySource.StartStoreCall(store, operation, room, connectionId);
        try
        {
            return await call(state).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ChatRoomActivitySource.Fail(activity, ex);
            throw;
        }
    }

    public static async Task TraceAsync<TState>(
        string store, string operation, string? room, string? connectionId, TState state, Func<TState, Task> call)
    {
        using var activity = ChatRoomActivitySource.StartStoreCall(store, operation, room, connectionId);
        try
        {
            await call(state).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ChatRoomActivitySource.Fail(activity, ex);
            throw;
        }
    }
}
