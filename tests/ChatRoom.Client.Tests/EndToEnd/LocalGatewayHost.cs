using ChatRoom.Samples.LocalGateway;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Client.Tests.EndToEnd;

/// <summary>The local gateway (<see cref="GatewayApp.Build"/>) on 127.0.0.1 with a free port; it starts its own dynalite.</summary>
/// <remarks>The gateway tests' own starter also signs management calls with ChatRoom.Aws internals, which these tests cannot see.</remarks>
public sealed class LocalGatewayHost : IChatHost, IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalGatewayHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LocalGatewayHost> StartAsync(IEnumerable<string> settings)
    {
        var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LocalGatewayHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Gets the API Gateway style address <c>ws://host/local?name=…</c>.</summary>
    public Uri ChatUri(string name) => new($"ws://{BaseAddress.Authority}/local?name={Uri.EscapeDataString(name)}");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
