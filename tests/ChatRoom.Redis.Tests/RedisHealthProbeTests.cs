using ChatRoom.Redis.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatRoom.Redis.Tests;

/// <summary>The Redis adapter's probe: one PING.</summary>
[Trait("Category", "Integration")]
public sealed class RedisHealthProbeTests
{
    [Fact]
    public async Task CheckHealthAsync_RedisRunningThenStopped_IsHealthyThenUnhealthy()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var connection = server.CreateConnection(RedisOutage.Configure(server));
        var probe = new RedisHealthProbe(connection);

        var running = await probe.CheckHealthAsync();
        await server.StopAsync();
        var stopped = await probe.CheckHealthAsync();

        Assert.Equal("redis", probe.Name);
        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal("Redis answered PING.", running.Description);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.StartsWith("Redis did not answer PING (", stopped.Description, StringComparison.Ordinal);
        Assert.EndsWith("check ChatRoom:Redis:Configuration and that the server runs.", stopped.Description, StringComparison.Ordinal);
        Assert.IsAssignableFrom<StackExchange.Redis.RedisException>(stopped.Exception);
    }
}
