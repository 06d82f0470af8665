using ChatRoom.Samples.LocalGateway;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The local gateway (<see cref="GatewayApp.Build"/>) on Kestrel at 127.0.0.1 on a free port, running the Lambda sample.</summary>
public sealed class GatewayHost : IChatHost, IAsyncDisposable
{
    public const string Stage = "local";

    private readonly WebApplication _app;
    private int _stopped;

    private GatewayHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Gets the gateway's services, e.g. its <see cref="LambdaHost"/> or <see cref="PostFaults"/>.</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>Gets the management API's root, e.g. <c>http://127.0.0.1:41234/local/@connections/</c>.</summary>
    public Uri ConnectionsUri => new(BaseAddress, Stage + "/@connections/");

    /// <summary>Starts a gateway.</summary>
    /// <param name="settings">Extra settings, e.g. <c>--ChatRoom:DynamoDb:ServiceUrl=…</c>; without one the gateway starts its own dynalite.</param>
    /// <param name="configureFunction">Changes the Lambda sample's services, e.g. an authorizer.</param>
    /// <param name="configureServices">Changes the gateway's services, e.g. its <see cref="TimeProvider"/>.</param>
    public static async Task<GatewayHost> StartAsync(IEnumerable<string>? settings = null, Action<IServiceCollection>? configureFunction = null, Action<IServiceCollection>? configureServices = null)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            .. settings ?? [],
        ];
        var app = GatewayApp.Build(args, configureServices, configureFunction);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new GatewayHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Gets the API Gateway style address <c>ws://host/{stage}?name=…</c>.</summary>
    public Uri ChatUri(string name) => new($"ws://{BaseAddress.Authority}/{Stage}?name={Uri.EscapeDataString(name)}");

    public Task StopAsync() => Interlocked.Exchange(ref _stopped, 1) == 0 ? _app.StopAsync() : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
