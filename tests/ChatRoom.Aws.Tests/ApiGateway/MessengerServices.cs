using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>Builds a service provider with the API Gateway messenger pointed at a scripted gateway.</summary>
public static class MessengerServices
{
    public static ServiceProvider Build(ScriptedGateway gateway, Action<ApiGatewayMessengerOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging();
        services.AddMetrics();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddChatRoom().AddApiGatewayMessenger(options =>
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
