using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatRoom.Client.Tests.Scripted;

/// <summary>A WebSocket server on Kestrel (127.0.0.1, a free port) whose every reply the test scripts by hand.</summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ScriptedSocket> _accepted;
    private readonly List<ScriptedSocket> _sockets = [];

    private ScriptedServer(WebApplication app, Channel<ScriptedSocket> accepted, Uri url)
    {
        _app = app;
        _accepted = accepted;
        Url = url;
    }

    /// <summary>Gets the endpoint, <c>ws://127.0.0.1:port/ws</c>.</summary>
    public Uri Url { get; }

    public static async Task<ScriptedServer> StartAsync()
    {
        var accepted = Channel.CreateUnbounded<ScriptedSocket>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var scripted = new ScriptedSocket(socket, context.Request);
            if (!accepted.Writer.TryWrite(scripted))
            {
                scripted.Abort();
            }

            await scripted.Finished;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ScriptedServer(app, accepted, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws"));
    }

    /// <summary>Waits for the client's next connection.</summary>
    public async Task<ScriptedSocket> AcceptAsync(CancellationToken cancellationToken)
    {
        var socket = await _accepted.Reader.ReadAsync(cancellationToken);
        lock (_sockets)
        {
            _sockets.Add(socket);
        }

        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        // The endpoint holds each request open until its socket is closed or dropped; drop the ones the test left open.
        _accepted.Writer.TryComplete();
        await foreach (var socket in _accepted.Reader.ReadAllAsync())
        {
            socket.Abort();
        }

        lock (_sockets)
        {
            _sockets.ForEach(s => s.Abort());
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
