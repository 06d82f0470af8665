using ChatRoom.Aws;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>
/// Adds the API Gateway WebSocket messenger (frames go out through the management API, <c>@connections</c>) and the
/// Lambda entry that maps API Gateway WebSocket events to the engine.
/// </summary>
public static class ChatRoomBuilderApiGatewayExtensions
{
    /// <summary>Sends frames through API Gateway, with options from the <c>ChatRoom:ApiGateway</c> configuration section or set later with <c>services.Configure&lt;ApiGatewayMessengerOptions&gt;</c>.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddApiGatewayMessenger(this IChatRoomBuilder builder) => builder.AddApiGatewayMessenger(static _ => { });

    /// <summary>Sends frames through API Gateway, with options from configuration.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configuration">A section with an <c>ApiGateway</c> subsection (<see cref="ApiGatewayMessengerOptions"/>), usually <c>ChatRoom</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddApiGatewayMessenger(this IChatRoomBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddApiGatewayMessenger(static _ => { });
        builder.Services.Configure<ApiGatewayMessengerOptions>(configuration.GetSection(ApiGatewayMessengerOptions.SectionName));
        return builder;
    }

    /// <summary>Sends frames through API Gateway: replaces the registered <see cref="IConnectionMessenger"/> and registers <see cref="IApiGatewayConnections"/> and <see cref="ApiGatewayEndpoint"/>.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configure">Sets options; see <see cref="ApiGatewayMessengerOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Options are validated at start-up. Calling this again adds to the options; the HTTP client is registered once.</remarks>
    public static IChatRoomBuilder AddApiGatewayMessenger(this IChatRoomBuilder builder, Action<ApiGatewayMessengerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<ApiGatewayMessengerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ApiGatewayMessengerOptions>>(new ApiGatewayMessengerOptionsDefaults(Environment.GetEnvironmentVariable)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiGatewayMessengerOptions>, ApiGatewayMessengerOptionsValidator>());

        if (!services.Any(static d => d.ServiceType == typeof(ApiGatewayMessenger)))
        {
            // Resilience (retries, per-attempt timeout) above signing above metrics: every attempt is signed anew and counted.
            var http = services.AddHttpClient(ApiGatewayMessenger.HttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(static provider => ApiGatewayConnectionPool.CreateHandler(provider.GetRequiredService<IOptions<ApiGatewayMessengerOptions>>().Value))
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            http.AddResilienceHandler(ApiGatewayResilience.PipelineName, ApiGatewayResilience.Configure);
            http.AddHttpMessageHandler<ApiGatewaySigningHandler>().AddHttpMessageHandler<ApiGatewayMetricsHandler>();

            // No factory request logging: even with redaction its Trace entries carry the raw header values (the
            // signature and any session token) in their structured state. The messenger logs what matters itself.
            http.RemoveAllLoggers();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiGatewayMetrics>();
        services.TryAddSingleton<ApiGatewaySigner>();
        services.TryAddTransient<ApiGatewaySigningHandler>();
        services.TryAddTransient<ApiGatewayMetricsHandler>();
        services.TryAddSingleton(static provider => new ApiGatewayEndpoint(provider.GetRequiredService<IOptions<ApiGatewayMessengerOptions>>().Value));
        services.TryAddSingleton<InvocationDeadlines>();
        services.TryAddSingleton<ApiGatewayMessenger>();
        services.TryAddSingleton<IApiGatewayConnections>(static provider => provider.GetRequiredService<ApiGatewayMessenger>());
        // Every messenger registered before goes: AddChatRoom()'s in-process default and any the app added.
        services.RemoveAll<IConnectionMessenger>();
        services.AddSingleton<IConnectionMessenger>(static provider => provider.GetRequiredService<ApiGatewayMessenger>());
        return builder;
    }

    /// <summary>Registers the Lambda entry, <see cref="ApiGatewayWebSocketHandler"/>, with options set later with <c>services.Configure&lt;ApiGatewayWebSocketOptions&gt;</c> or none.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddApiGatewayWebSocketHandler(this IChatRoomBuilder builder) => builder.AddApiGatewayWebSocketHandler(static _ => { });

    /// <summary>Registers the Lambda entry, with options from configuration.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configuration">A section laid out like <c>ChatRoom</c>: its <c>AllowedOrigins</c> (<see cref="ApiGatewayWebSocketOptions.AllowedOrigins"/>), one comma-separated value or an array.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddApiGatewayWebSocketHandler(this IChatRoomBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.AddApiGatewayWebSocketHandler(options =>
        {
            foreach (var origin in AllowedOriginsSetting.Read(configuration))
            {
                options.AllowedOrigins.Add(origin);
            }
        });
    }

    /// <summary>
    /// Registers the Lambda entry, <see cref="ApiGatewayWebSocketHandler"/>, as a singleton: a function resolves it once
    /// and passes it each API Gateway WebSocket proxy event.
    /// </summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configure">Sets options; see <see cref="ApiGatewayWebSocketOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Options are checked when the handler is first resolved; resolve it on the cold start so a bad origin fails it.
    /// Frames reach clients through the registered <see cref="IConnectionMessenger"/>, on AWS <c>AddApiGatewayMessenger()</c>;
    /// with its <see cref="ApiGatewayMessengerOptions.EndpointFromRequestContext"/> set, the handler sets the endpoint from each event.
    /// </remarks>
    public static IChatRoomBuilder AddApiGatewayWebSocketHandler(this IChatRoomBuilder builder, Action<ApiGatewayWebSocketOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ApiGatewayWebSocketOptions>().Configure(configure);
        builder.Services.TryAddSingleton(static provider => new ApiGatewayWebSocketHandler(
            provider.GetRequiredService<IChatEngine>(),
            provider.GetRequiredService<IOptions<ApiGatewayWebSocketOptions>>(),
            provider.GetRequiredService<IOptions<ApiGatewayMessengerOptions>>().Value.EndpointFromRequestContext ? provider.GetService<ApiGatewayEndpoint>() : null,
            provider.GetService<InvocationDeadlines>(),
            provider.GetService<ILogger<ApiGatewayWebSocketHandler>>() ?? NullLogger<ApiGatewayWebSocketHandler>.Instance));
        return builder;
    }
}
