using ChatRoom.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.Lambda;

/// <summary>The Lambda sample's composition root: the engine on DynamoDB, frames out through API Gateway's <c>@connections</c>.</summary>
public static class LambdaServices
{
    /// <summary>Reads configuration the way the function does on AWS: environment variables such as <c>ChatRoom__DynamoDb__TableName</c>.</summary>
    /// <returns>The configuration.</returns>
    public static IConfiguration FromEnvironment() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>Builds the services once per process and validates every option now, so bad configuration fails the cold start loudly.</summary>
    /// <param name="configuration">The root configuration; the <c>ChatRoom</c> section holds the engine's, <c>DynamoDb</c> and <c>ApiGateway</c> options.</param>
    /// <param name="configureServices">Runs after the chat services are registered, so it can replace them (tests, the local gateway).</param>
    /// <returns>The services; <see cref="LambdaChatHandler"/> is ready to use.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names the setting.</exception>
    public static ServiceProvider Build(IConfiguration configuration, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o => { o.SingleLine = true; o.IncludeScopes = false; }));

        var chat = configuration.GetSection(ChatRoomOptions.SectionName);
        services.AddChatRoom(chat).AddDynamoDb(chat).AddApiGatewayMessenger(chat);
        services.AddSingleton<LambdaChatHandler>();
        configureServices?.Invoke(services);

        var provider = services.BuildServiceProvider();
        try
        {
            // ValidateOnStart needs a host to run it; there is none in Lambda, so run the same validators here.
            provider.GetService<IStartupValidator>()?.Validate();
            _ = provider.GetRequiredService<LambdaChatHandler>();
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }
}
