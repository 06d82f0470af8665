using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatRoom.Redis.Tests;

/// <summary>A node as a container: <c>AddChatRoom().AddRedis()</c> with its hosted services (the node lease) started.</summary>
internal sealed class RedisNodeInProcess : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private RedisNodeInProcess(ServiceProvider services, IHostedService[] hosted)
    {
        _services = services;
        _hosted = hosted;
    }

    public IServiceProvider Services => _services;

    public static async Task<RedisNodeInProcess> StartAsync(RedisOptions options)
    {
        var services = new ServiceCollection()
            .AddChatRoom(o => o.DefaultRoom = string.Empty)
            .AddRedis(o =>
            {
                o.Configuration = options.Configuration;
                o.KeyPrefix = options.KeyPrefix;
            })
            .Services
            .BuildServiceProvider();
        var hosted = services.GetServices<IHostedService>().ToArray();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new RedisNodeInProcess(services, hosted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
