using StackExchange.Redis;

namespace ChatRoom.Redis.Internal;

/// <summary>Turns StackExchange.Redis failures into <see cref="ChatStoreUnavailableException"/>, the ports' one failure type.</summary>
internal static class RedisFailures
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            throw new ChatStoreUnavailableException("Redis is unavailable.", ex);
        }
    }

    public static async Task RunAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            throw new ChatStoreUnavailableException("Redis is unavailable.", ex);
        }
    }

    public static bool IsRedisFailure(Exception ex) =>
        ex is RedisException or TimeoutException or ObjectDisposedException;
}
