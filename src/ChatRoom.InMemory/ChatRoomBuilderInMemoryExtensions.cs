using ChatRoom.InMemory;
using ChatRoom.InMemory.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>Adds the in-memory adapter: stores, the in-process messenger and the WebSocket host.</summary>
public static class ChatRoomBuilderInMemoryExtensions
{
    /// <summary>Uses in-memory stores and in-process WebSockets with default options.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddInMemory(this IChatRoomBuilder builder) => builder.AddInMemory(static _ => { });

    /// <summary>Uses in-memory stores and in-process WebSockets, with options from configuration.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configuration">A section with <c>InMemory</c> (<see cref="InMemoryOptions"/>) and <c>WebSocket</c> (<see cref="WebSocketHostOptions"/>) subsections, usually <c>ChatRoom</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddInMemory(this IChatRoomBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddInMemory(static _ => { });
        builder.Services.Configure<InMemoryOptions>(configuration.GetSection("InMemory"));
        builder.Services.Configure<WebSocketHostOptions>(configuration.GetSection("WebSocket"));
        return builder;
    }

    /// <summary>Uses in-memory stores and in-process WebSockets.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configure">Sets the stores' options.</param>
    /// <param name="configureHost">Sets the WebSocket host's options.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddInMemory(this IChatRoomBuilder builder, Action<InMemoryOptions> configure, Action<WebSocketHostOptions>? configureHost = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<InMemoryOptions>().Configure(configure).ValidateOnStart();
        services.AddOptions<WebSocketHostOptions>().Configure(configureHost ?? (static _ => { })).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InMemoryOptions>, InMemoryOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebSocketHostOptions>, InMemoryOptionsValidator>());

        services.Replace(ServiceDescriptor.Singleton<IConnectionStore, InMemoryConnectionStore>());
        services.Replace(ServiceDescriptor.Singleton<IMessageStore, InMemoryMessageStore>());
        services.TryAddSingleton<InProcessMessenger>();
        services.Replace(ServiceDescriptor.Singleton<IConnectionMessenger>(static provider => provider.GetRequiredService<InProcessMessenger>()));
        services.TryAddSingleton(static provider => new WebSocketChatHost(
            provider.GetRequiredService<IChatEngine>(),
            provider.GetRequiredService<InProcessMessenger>(),
            provider.GetRequiredService<IOptions<WebSocketHostOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        return builder;
    }
}
