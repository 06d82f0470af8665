using ChatRoom.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>The Lambda sample's real composition root, with the in-memory stores and a recording messenger swapped in.</summary>
public static class HandlerServices
{
    /// <summary>Settings the composition root validates: a management endpoint and a region (never called: the messenger is replaced).</summary>
    public static readonly Dictionary<string, string?> ValidSettings = new()
    {
        ["ChatRoom:ApiGateway:Endpoint"] = "http://127.0.0.1:9/test",
        ["ChatRoom:ApiGateway:Region"] = "us-east-1",
        ["ChatRoom:DynamoDb:ServiceUrl"] = "http://127.0.0.1:9",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static ServiceProvider Build(RecordingMessenger messenger, Action<IServiceCollection>? configure = null) => Build(messenger, [], configure);

    /// <summary>Builds with <paramref name="settings"/> on top of <see cref="ValidSettings"/>, e.g. <c>ChatRoom:Jwt:SigningKey</c>.</summary>
    public static ServiceProvider Build(RecordingMessenger messenger, IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configure = null) =>
        LambdaServices.Build(new ConfigurationBuilder().AddInMemoryCollection(ValidSettings).AddInMemoryCollection(settings).Build(), services =>
        {
            services.AddChatRoom().AddInMemory();
            services.Replace(ServiceDescriptor.Singleton<IConnectionMessenger>(messenger));
            configure?.Invoke(services);
        });
}
