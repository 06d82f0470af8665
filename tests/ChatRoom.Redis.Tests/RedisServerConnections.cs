using ChatRoom.Redis.Internal;
using Microsoft.Extensions.Options;

namespace ChatRoom.Redis.Tests;

/// <summary>The adapter's internals on a test server (kept apart from <see cref="RedisServer"/>, which other test projects link).</summary>
internal static class RedisServerConnections
{
    /// <summary>Creates the adapter's shared connection to the server, with a key prefix of its own unless <paramref name="configure"/> sets one.</summary>
    public static RedisConnection CreateConnection(this RedisServer server, Action<RedisOptions>? configure = null) =>
        new(Options.Create(server.CreateOptions(configure)));
}
