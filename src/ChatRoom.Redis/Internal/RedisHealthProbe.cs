using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatRoom.Redis.Internal;

/// <summary>Checks that Redis answers, with one <c>PING</c> on the shared connection.</summary>
internal sealed class RedisHealthProbe(RedisConnection redis) : IChatRoomHealthProbe
{
    public string Name => "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
            await RedisFailures.RunAsync(() => database.PingAsync()).ConfigureAwait(false);
            return HealthCheckResult.Healthy("Redis answered PING.");
        }
        catch (ChatStoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(
                $"Redis did not answer PING ({ex.InnerException?.Message ?? ex.Message}); check ChatRoom:Redis:Configuration and that the server runs.",
                ex.InnerException);
        }
    }
}
