using Amazon.SimpleSystemsManagement;
using ChatRoom.Authentication.Jwt;
using ChatRoom.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.Lambda;

/// <summary>
/// The Lambda sample's composition root: the engine on DynamoDB, frames out through API Gateway's <c>@connections</c>, and
/// JWT authentication on <c>$connect</c> when <c>ChatRoom:Jwt:SigningKeyParameter</c> (an SSM SecureString, read at the
/// cold start) or <c>ChatRoom:Jwt:SigningKey</c> is set.
/// </summary>
public static partial class LambdaServices
{
    /// <summary>Reads configuration the way the function does on AWS: environment variables such as <c>ChatRoom__DynamoDb__TableName</c>.</summary>
    /// <returns>The configuration.</returns>
    public static IConfiguration FromEnvironment() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>Builds the services once per process and validates every option now, so bad configuration fails the cold start loudly.</summary>
    /// <param name="configuration">The root configuration; the <c>ChatRoom</c> section holds the engine's, <c>DynamoDb</c> and <c>ApiGateway</c> options.</param>
    /// <param name="configureServices">Runs after the chat services are registered, so it can replace them (tests, the local gateway).</param>
    /// <returns>The services; <see cref="ApiGatewayWebSocketHandler"/> is ready to use.</returns>
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
        var builder = services.AddChatRoom(chat).AddDynamoDb(chat).AddApiGatewayMessenger(chat).AddApiGatewayWebSocketHandler(chat);
        var tokens = JwtSettings.TokensEnabled(chat);
        var keyParameter = JwtSettings.SigningKeyParameter(chat);
        if (tokens)
        {
            // $connect checks the token in ?access_token= (or Authorization: Bearer) and refuses with 401 otherwise.
            builder.AddJwtAuthentication(chat);
        }

        if (keyParameter is not null)
        {
            // Region and credentials come from the execution environment, as for DynamoDB.
            services.TryAddSingleton<IAmazonSimpleSystemsManagement>(static _ => new AmazonSimpleSystemsManagementClient());
            services.AddSingleton<IConfigureOptions<JwtAuthenticationOptions>>(provider =>
                new JwtSigningKeyParameter(keyParameter, provider.GetRequiredService<IAmazonSimpleSystemsManagement>()));
        }

        configureServices?.Invoke(services);

        var provider = services.BuildServiceProvider();
        try
        {
            // ValidateOnStart needs a host to run it; there is none in Lambda, so run the same validators here.
            provider.GetService<IStartupValidator>()?.Validate();
            _ = provider.GetRequiredService<ApiGatewayWebSocketHandler>();
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LambdaServices));
            if (tokens)
            {
                Log.TokenMode(logger, keyParameter is null ? "the environment (ChatRoom:Jwt:SigningKey)" : $"the SSM parameter {keyParameter}", JwtSettings.TokenRequired(chat) ? "refused" : "allowed");
            }
            else
            {
                Log.AnonymousMode(logger);
            }
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "No ChatRoom:Jwt:SigningKey is configured: the chat runs in anonymous mode and clients pick their own names. Set the JwtSigningKeyParameter template parameter (an SSM SecureString) to require signed tokens.")]
        public static partial void AnonymousMode(ILogger logger);

        [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "$connect checks signed tokens (JWT in access_token or Authorization: Bearer) with the key from {KeySource}; anonymous clients are {Anonymous}.")]
        public static partial void TokenMode(ILogger logger, string keySource, string anonymous);
    }
}
