using ChatRoom.AspNetCore;
using ChatRoom.AspNetCore.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>Maps the chat's WebSocket endpoint: <c>app.MapChatRoom("/ws")</c>.</summary>
public static class ChatRoomEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a chat WebSocket endpoint at <paramref name="pattern"/>, with options bound from the app configuration's
    /// <c>ChatRoom</c> section (<see cref="ChatRoomEndpointOptions"/>; defaults where it has none).
    /// </summary>
    /// <param name="endpoints">The app, after <c>AddChatRoom()</c> and a store adapter were registered.</param>
    /// <param name="pattern">The route, e.g. <c>/ws</c>.</param>
    /// <returns>A builder to compose <c>RequireAuthorization()</c>, <c>RequireRateLimiting()</c> or <c>RequireCors()</c> with.</returns>
    /// <exception cref="InvalidOperationException"><c>AddChatRoom()</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names the setting.</exception>
    /// <remarks>
    /// The endpoint accepts the upgrade itself (no <c>app.UseWebSockets()</c> needed; when the app has one, its
    /// keep-alive settings apply instead), answers other requests 400, refuses pages of other origins with 403 and an
    /// address over its limits with 429 and <c>Retry-After</c>, pings each socket and aborts one that stops answering,
    /// and closes every socket with 1001 when the host stops. An authenticated <c>HttpContext.User</c> is the
    /// connection's identity (its claims, see <see cref="ChatRoomEndpointOptions.UserIdClaimType"/>); a request whose
    /// authentication failed is closed with 4401; other requests are anonymous unless the registered
    /// <see cref="IChatAuthenticator"/> says otherwise.
    /// </remarks>
    public static IEndpointConventionBuilder MapChatRoom(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapChatRoom(pattern, static _ => { });

    /// <summary>Maps a chat WebSocket endpoint, with options bound from the <c>ChatRoom</c> section and then set by <paramref name="configure"/>.</summary>
    /// <param name="endpoints">The app, after <c>AddChatRoom()</c> and a store adapter were registered.</param>
    /// <param name="pattern">The route, e.g. <c>/ws</c>.</param>
    /// <param name="configure">Sets options after the configuration was bound.</param>
    /// <returns>A builder to compose endpoint conventions with.</returns>
    /// <exception cref="InvalidOperationException"><c>AddChatRoom()</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names the setting.</exception>
    public static IEndpointConventionBuilder MapChatRoom(this IEndpointRouteBuilder endpoints, string pattern, Action<ChatRoomEndpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ChatRoomEndpointOptions();
        endpoints.ServiceProvider.GetService<IConfiguration>()?.GetSection(ChatRoomEndpointOptions.SectionName).Bind(options);
        configure(options);
        return endpoints.MapChatRoom(pattern, options);
    }

    /// <summary>Maps a chat WebSocket endpoint, with options bound from <paramref name="configuration"/> only.</summary>
    /// <param name="endpoints">The app, after <c>AddChatRoom()</c> and a store adapter were registered.</param>
    /// <param name="pattern">The route, e.g. <c>/ws</c>.</param>
    /// <param name="configuration">A section laid out like <c>ChatRoom</c> (<c>AllowedOrigins</c>, <c>WebSocket</c>, <c>ConnectionLimit</c>, …).</param>
    /// <returns>A builder to compose endpoint conventions with.</returns>
    /// <exception cref="InvalidOperationException"><c>AddChatRoom()</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names the setting.</exception>
    public static IEndpointConventionBuilder MapChatRoom(this IEndpointRouteBuilder endpoints, string pattern, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ChatRoomEndpointOptions();
        configuration.Bind(options);
        return endpoints.MapChatRoom(pattern, options);
    }

    private static IEndpointConventionBuilder MapChatRoom(this IEndpointRouteBuilder endpoints, string pattern, ChatRoomEndpointOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var services = endpoints.ServiceProvider;
        var messenger = services.GetService<InProcessMessenger>()
            ?? throw new InvalidOperationException("MapChatRoom needs the chat engine: call builder.Services.AddChatRoom().AddInMemory() (or another store adapter) first.");
        var failures = ChatRoomEndpointOptionsValidator.Validate(options, messenger.MaxFrameBytes);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ChatRoomEndpointOptions), failures);
        }

        var origins = new OriginPolicy(options.AllowedOrigins);
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger<ChatEndpoint>();
        var limiter = new UpgradeLimiter(options.ConnectionLimit, logger);
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopped.Register(limiter.Dispose);

        // The engine is built on the first request, not here, so that its options are checked when the host starts, as usual.
        var endpoint = new Lazy<ChatEndpoint>(() =>
        {
            var host = new WebSocketChatHost(
                services.GetRequiredService<IChatEngine>(),
                messenger,
                options.WebSocket,
                services.GetRequiredService<TimeProvider>(),
                loggers.CreateLogger<WebSocketChatHost>());
            lifetime.ApplicationStopped.Register(host.Dispose);
            return new ChatEndpoint(host, options, origins, limiter, lifetime, logger);
        });

        // The endpoint's own pipeline accepts the upgrade, as SignalR's MapConnectionHandler does, so that the app
        // needs no UseWebSockets() and the keep-alive settings belong to this endpoint. The transport goes first, so
        // that the socket runs over a stream whose writes the session can batch.
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.Use((context, next) =>
        {
            WriteCoalescingTransport.Install(context);
            return next(context);
        });
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.KeepAliveInterval, KeepAliveTimeout = options.KeepAliveTimeout });
        pipeline.Run(context => endpoint.Value.HandleAsync(context));
        return endpoints.Map(pattern, pipeline.Build()).WithDisplayName("ChatRoom " + pattern);
    }
}
