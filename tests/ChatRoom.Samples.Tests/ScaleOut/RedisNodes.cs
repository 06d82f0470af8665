using ChatRoom.Redis.Tests;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.ScaleOut;

/// <summary>Starts sample nodes, each its own process, on one Redis (<c>ChatRoom:Storage=Redis</c>).</summary>
internal static class RedisNodes
{
    /// <summary>Starts <paramref name="count"/> nodes on <paramref name="redis"/> with a unique key prefix and the extra settings.</summary>
    public static async Task<SampleNodeProcess[]> StartAsync(RedisServer redis, int count, params string[] settings)
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8];
        var nodes = new List<SampleNodeProcess>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                nodes.Add(await SampleNodeProcess.StartAsync(
                [
                    "--ChatRoom:Storage=Redis",
                    $"--ChatRoom:Redis:Configuration={redis.Configuration}",
                    $"--ChatRoom:Redis:KeyPrefix={prefix}",
                    .. settings,
                ]));
            }

            return [.. nodes];
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    public static async Task StopAsync(IEnumerable<SampleNodeProcess> nodes)
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }
}
