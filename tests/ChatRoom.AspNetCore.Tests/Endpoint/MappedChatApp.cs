using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatRoom.AspNetCore.Tests.Endpoint;

/// <summary>A real Kestrel app on a loopback port with <c>AddChatRoom().AddInMemory()</c> and whatever the test maps.</summary>
internal sealed class MappedChatApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MappedChatApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<MappedChatApp> StartAsync(Action<WebApplication> map, Action<IServiceCollection>? configureServices = null, params string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0", .. args]);
        builder.Logging.ClearProviders();
        builder.Services.AddChatRoom().AddInMemory();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new MappedChatApp(app, new Uri(address));
    }

    public Uri WebSocketUri(string pathAndQuery) => new($"ws://{BaseAddress.Authority}{pathAndQuery}");

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
