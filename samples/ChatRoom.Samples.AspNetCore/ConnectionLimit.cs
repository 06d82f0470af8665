using Microsoft.AspNetCore.RateLimiting;

namespace ChatRoom.Samples.AspNetCore;

/// <summary>Registers the per-address limits on WebSocket upgrades and open sockets (<see cref="WebSocketUpgradeLimitPolicy"/>) from <c>ChatRoom:ConnectionLimit</c>.</summary>
internal static class ConnectionLimit
{
    public static IServiceCollection AddConnectionLimit(this IServiceCollection services, IConfigurationSection chatSection)
    {
        services.AddOptions<ConnectionLimitOptions>()
            .Bind(chatSection.GetSection(ConnectionLimitOptions.SectionName))
            .Validate(static o => o.PermitsPerWindow >= 1, "ChatRoom:ConnectionLimit:PermitsPerWindow must be at least 1.")
            .Validate(static o => o.Window > TimeSpan.Zero, "ChatRoom:ConnectionLimit:Window must be positive, e.g. 00:01:00.")
            .Validate(static o => o.MaxConcurrentPerAddress >= 1, "ChatRoom:ConnectionLimit:MaxConcurrentPerAddress must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(static options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, WebSocketUpgradeLimitPolicy>(WebSocketUpgradeLimitPolicy.Name);
        });
        return services;
    }
}
