using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>Builds a service provider with the API Gateway messenger pointed at a scripted gateway.</summary>
public static class MessengerServices
{
    /// <summary>Builds the services.</summary>
    /// <param name="gateway">Where the messenger posts.</param>
    /// <param name="configure">Changes the messenger's options after the test defaults.</param>
    /// <param name="timeProvider">Replaces the system clock.</param>
    /// <param name="stores">Adds stores to <c>AddChatRoom()</c>, e.g. <c>AddInMemory()</c>, for tests that run the engine.</param>
    /// <returns>The provider.</returns>
    public static ServiceProvider Build(ScriptedGateway gateway, Action<ApiGatewayMessengerOptions>? configure = null, TimeProvider? timeProvider = null, Action<IChatRoomBuilder>? stores = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging();
        services.AddMetrics();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        var chat = services.AddChatRoom();
        stores?.Invoke(chat);
        chat.AddApiGatewayMessenger(options =>
        {
            options.Endpoint = gateway.Endpoint;
            options.Region = "us-east-1";
            options.Credentials = new BasicAWSCredentials(SigV4Verifier.AccessKey, SigV4Verifier.SecretKey);
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }
}
