using ChatRoom.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom;

/// <summary>Adds the chat's health check to ASP.NET Core (or any) health checks.</summary>
public static class ChatRoomHealthChecksBuilderExtensions
{
    /// <summary>The name of the check, and its tag.</summary>
    public const string CheckName = "chatroom";

    /// <summary>
    /// Adds the <c>chatroom</c> check (tagged <c>chatroom</c>), which runs every registered store adapter's
    /// <see cref="IChatRoomHealthProbe"/> and reports the worst of their results.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddHealthChecks()</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// With no probe registered (the in-memory stores, which cannot fail) the check is healthy. A failing probe makes
    /// the check report the registration's failure status (<c>Unhealthy</c> by default).
    /// </remarks>
    public static IHealthChecksBuilder AddChatRoomHealthChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<ChatRoomHealthCheck>(CheckName, tags: [CheckName]);
    }
}
