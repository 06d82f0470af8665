using ChatRoom.Redis.Internal;
using StackExchange.Redis;

namespace ChatRoom.Redis.Tests;

/// <summary>Restarts a server and waits for the adapter's connection to come back, by its event rather than by polling.</summary>
internal static class RedisReconnection
{
    /// <summary>How long StackExchange.Redis may take to notice the server is back (its reconnect back-off, on a busy machine).</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(1);

    public static async Task RestartAsync(RedisServer server, RedisConnection connection)
    {
        var multiplexer = await connection.GetMultiplexerAsync();
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        };
        await server.StartAsync();
        await restored.Task.WaitAsync(s_limit);
    }
}
