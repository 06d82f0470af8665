using ChatRoom.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Core.Tests;

/// <summary>
/// The engine with the real in-memory adapter, built the way an app builds it:
/// <c>AddChatRoom(o => …).AddInMemory()</c>, start-up validation, then socketless clients.
/// </summary>
internal sealed class ChatTestHost : IAsyncDisposable
{
    /// <summary>How long any single wait may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(20);

    private readonly ServiceProvider _provider;
    private readonly List<InMemoryChatClient> _clients = [];

    private ChatTestHost(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public IChatEngine Engine => _provider.GetRequiredService<IChatEngine>();

    /// <summary>Builds and validates a provider; <paramref name="configureServices"/> runs after <c>AddInMemory()</c>, so its registrations win.</summary>
    public static ChatTestHost Create(Action<ChatRoomOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddChatRoom(options => configure?.Invoke(options)).AddInMemory();
        configureServices?.Invoke(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new ChatTestHost(provider);
    }

    /// <summary>Lifts the per-connection rate limit for tests that send many frames.</summary>
    public static void LiftRateLimit(ChatRoomOptions options)
    {
        options.RateLimitPerSecond = 1_000_000;
        options.RateLimitBurst = 1_000_000;
    }

    public async Task<InMemoryChatClient> ConnectAsync(string? name = null)
    {
        using var timeout = new CancellationTokenSource(HangTimeout);
        var client = await InMemoryChatClient.ConnectAsync(_provider, name, timeout.Token);
        _clients.Add(client);
        return client;
    }

    public async Task<InMemoryChatClient> ConnectAsync(ConnectionMetadata metadata)
    {
        using var timeout = new CancellationTokenSource(HangTimeout);
        var client = await InMemoryChatClient.ConnectAsync(_provider, metadata, timeout.Token);
        _clients.Add(client);
        return client;
    }

    public T GetRequiredService<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _provider.DisposeAsync();
    }
}
