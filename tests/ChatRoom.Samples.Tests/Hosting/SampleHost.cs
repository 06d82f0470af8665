using ChatRoom.Samples.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>The real sample app (<see cref="SampleApp.Build"/>) on Kestrel at 127.0.0.1 on a free port.</summary>
public sealed class SampleHost : IChatHost, IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private SampleHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the address the app listens on, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the app's services, e.g. its <see cref="IChatRoomService"/>.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Gets the value a browser on this app's page sends as <c>Origin</c>.</summary>
    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>Starts an app.</summary>
    /// <param name="settings">Extra command-line settings, e.g. <c>--ChatRoom:RateLimitBurst=3</c>.</param>
    /// <param name="configureServices">Replaces services after the sample registered its own.</param>
    public static async Task<SampleHost> StartAsync(IEnumerable<string>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            .. settings ?? [],
        ];
        var app = SampleApp.Build(args, configureServices);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.Single();
        return new SampleHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Gets the chat endpoint's address with <c>?name=</c>.</summary>
    public Uri ChatUri(string name) =>
        new($"ws://{BaseAddress.Authority}/ws?name={Uri.EscapeDataString(name)}");

    /// <summary>Stops the app gracefully (open sockets are closed with 1001), once.</summary>
    public Task StopAsync() => Interlocked.Exchange(ref _stopped, 1) == 0 ? _app.StopAsync() : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
