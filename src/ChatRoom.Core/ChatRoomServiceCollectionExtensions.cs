using ChatRoom.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>Registers the chat engine.</summary>
public static class ChatRoomServiceCollectionExtensions
{
    /// <summary>Registers the chat engine with default options. Add a store adapter next, e.g. <c>.AddInMemory()</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for adapters.</returns>
    public static IChatRoomBuilder AddChatRoom(this IServiceCollection services) => services.AddChatRoom(static _ => { });

    /// <summary>Registers the chat engine with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, usually <c>configuration.GetSection("ChatRoom")</c>.</param>
    /// <returns>A builder for adapters.</returns>
    public static IChatRoomBuilder AddChatRoom(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddChatRoom(static _ => { });
        services.Configure<ChatRoomOptions>(configuration);

        // The frame limit of in-process sockets keeps the key it has beside the other WebSocket settings.
        services.Configure<InProcessMessengerOptions>(o => o.MaxFrameBytes = configuration.GetValue("WebSocket:MaxOutboundFrameBytes", o.MaxFrameBytes));
        return builder;
    }

    /// <summary>Registers the chat engine. Add a store adapter next, e.g. <c>.AddInMemory()</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options.</param>
    /// <returns>A builder for adapters.</returns>
    public static IChatRoomBuilder AddChatRoom(this IServiceCollection services, Action<ChatRoomOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<ChatRoomOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatRoomOptions>, ChatRoomOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatRoomOptions>, AdapterRegistrationValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatRoomOptions>, FrameBudgetValidator>());

        // Every ChatRoom type takes its ILogger<T> from the container, as AddHttpClient's do; a host's own logging
        // configuration (AddLogging, the host builder's) applies to them.
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChatAuthorizer, AllowAllAuthorizer>();
        services.TryAddSingleton<IChatAuthenticator, AnonymousAuthenticator>();
        services.TryAddSingleton<PrivateRoomPolicy>();
        services.TryAddSingleton<RoomAccess>();
        services.TryAddSingleton<ChatRoomMetrics>();
        services.TryAddSingleton<ConnectionRateLimiter>();
        services.TryAddSingleton<GoneConnections>();
        services.TryAddSingleton<RoomBroadcaster>();
        services.TryAddSingleton<RoomSequencer>();
        services.TryAddSingleton<LocalRoomMembers>();
        services.TryAddSingleton<IChatBackplaneReceiver, BackplaneReceiver>();
        services.TryAddSingleton<Departures>();
        services.TryAddSingleton<ReplyFrames>();
        services.TryAddSingleton<MessagePublisher>();
        services.TryAddSingleton<IChatRoomService, ChatRoomService>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IActionHandler, JoinHandler>(),
            ServiceDescriptor.Singleton<IActionHandler, LeaveHandler>(),
            ServiceDescriptor.Singleton<IActionHandler, SendMessageHandler>(),
            ServiceDescriptor.Singleton<IActionHandler, HistoryHandler>(),
            ServiceDescriptor.Singleton<IActionHandler, MembersHandler>(),
            ServiceDescriptor.Singleton<IActionHandler, TypingHandler>(),
            ServiceDescriptor.Singleton<IActionHandler, PingHandler>(),
        ]);
        // Connections this process holds (WebSockets, test clients) by default; AddApiGateway() replaces it.
        services.AddOptions<InProcessMessengerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InProcessMessengerOptions>, InProcessMessengerOptionsValidator>());
        services.TryAddSingleton<InProcessMessenger>();
        services.TryAddSingleton<IConnectionMessenger>(static provider => provider.GetRequiredService<InProcessMessenger>());
        services.TryAddSingleton<ChatEngine>();
        services.TryAddSingleton<IChatEngine>(static provider =>
        {
            AdapterRegistrationValidator.ThrowIfMissing(provider);
            return new TracingChatEngine(provider.GetRequiredService<ChatEngine>(), provider.GetServices<IActionHandler>());
        });

        return new ChatRoomBuilder(services);
    }
}
