namespace ChatRoom.Redis.Tests;

/// <summary>Options for the tests that stop Redis under a store.</summary>
internal static class RedisOutage
{
    /// <summary>
    /// One-second timeouts instead of five: StackExchange.Redis keeps a call made while it is disconnected in its
    /// backlog until the (sync) timeout, and these tests make one call per method to see each fail.
    /// </summary>
    public static Action<RedisOptions> Configure(RedisServer server) =>
        options => options.Configuration = server.Configuration + ",syncTimeout=1000,asyncTimeout=1000";
}
