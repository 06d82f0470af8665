using ChatRoom.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatRoom.Aws.Tests.Lambda;

/// <summary>The Lambda entry on the in-memory stores, with a recording messenger in place of <c>@connections</c>.</summary>
public static class LambdaEntryServices
{
    /// <summary>Builds with <paramref name="settings"/> (e.g. <c>ChatRoom:AllowedOrigins</c>) bound through <c>AddApiGatewayWebSocketHandler(section)</c>.</summary>
    public static ServiceProvider Build(RecordingMessenger messenger, IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var chat = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build().GetSection(ChatRoomOptions.SectionName);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChatRoom(chat).AddInMemory().AddApiGatewayWebSocketHandler(chat);
        services.Replace(ServiceDescriptor.Singleton<IConnectionMessenger>(messenger));
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
