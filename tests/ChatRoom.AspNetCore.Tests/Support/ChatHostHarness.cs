using ChatRoom.AspNetCore.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatRoom.AspNetCore.Tests.Support;

/// <summary>
/// A service provider with <c>AddChatRoom().AddInMemory()</c> and a <see cref="WebSocketChatHost"/> that runs each
/// client's session over a real loopback socket, as a web server would: the server socket is disposed once
/// <see cref="WebSocketChatHost.RunAsync"/> returns.
/// </summary>
internal sealed class ChatHostHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly List<SocketChatClient> _clients = [];

    private readonly WebSocketChatHost _host;
    private readonly bool _batchedWrites;

    private ChatHostHarness(ServiceProvider provider, WebSocketHostOptions hostOptions, bool batchedWrites)
    {
        _provider = provider;
        _batchedWrites = batchedWrites;
        _host = new WebSocketChatHost(
            provider.GetRequiredService<IChatEngine>(),
            provider.GetRequiredService<InProcessMessenger>(),
            hostOptions,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<WebSocketChatHost>>());
    }

    /// <summary>Gets a token that cancels after a generous timeout, so that a broken test fails instead of hanging.</summary>
    public CancellationToken Timeout => _timeout.Token;

    public IConnectionStore Connections => _provider.GetRequiredService<IConnectionStore>();

    public static ChatHostHarness Create(
        Action<ChatRoomOptions>? configureChat = null,
        Action<WebSocketHostOptions>? configureHost = null,
        Action<IServiceCollection>? configureServices = null,
        int? outboundFrameBytes = null,
        bool batchedWrites = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services
            .AddChatRoom(o =>
            {
                o.DefaultRoom = null;
                configureChat?.Invoke(o);
            })
            .AddInMemory();
        if (outboundFrameBytes is { } frameBytes)
        {
            services.Configure<InProcessMessengerOptions>(o => o.MaxFrameBytes = frameBytes);
        }

        // Last, so that a registration here replaces the defaults and the adapter's.
        configureServices?.Invoke(services);
        var hostOptions = new WebSocketHostOptions();
        configureHost?.Invoke(hostOptions);
        return new ChatHostHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), hostOptions, batchedWrites);
    }

    /// <summary>Connects a socket client and starts its server session in the background.</summary>
    public async Task<SocketChatClient> ConnectAsync(string name, int? socketBufferBytes = null)
    {
        var pair = await LoopbackWebSocketPair.CreateAsync(socketBufferBytes, _batchedWrites, Timeout);
        var host = _host;
        var metadata = ConnectionMetadata.FromQuery(new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = name });
        var session = Task.Run(async () =>
        {
            try
            {
                await host.RunAsync(pair.Server, metadata, pair.ServerBatching, _shutdown.Token);
                return pair.Server.State;
            }
            finally
            {
                pair.Server.Dispose();
            }
        });
        var client = new SocketChatClient(pair, session, Timeout);
        _clients.Add(client);
        return client;
    }

    /// <summary>Cancels the token passed to every session, as a host shutting down would.</summary>
    public Task ShutdownAsync() => _shutdown.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Socket.Abort();
        }

        try
        {
            // A session that faulted fails the test here.
            await Task.WhenAll(_clients.Select(c => c.Session)).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.Dispose();
            await _provider.DisposeAsync();
            _shutdown.Dispose();
            _timeout.Dispose();
        }
    }
}
