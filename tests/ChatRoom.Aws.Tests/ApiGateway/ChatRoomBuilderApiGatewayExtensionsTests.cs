using Amazon.Runtime;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace ChatRoom.Aws.Tests.ApiGateway;

public sealed class ChatRoomBuilderApiGatewayExtensionsTests
{
    [Fact]
    public void AddApiGatewayMessenger_AfterAnotherMessenger_ReplacesIt()
    {
        var services = new ServiceCollection();
        var builder = services.AddChatRoom();
        services.AddSingleton(Substitute.For<IConnectionMessenger>());

        builder.AddApiGatewayMessenger(o =>
        {
            o.Endpoint = "http://127.0.0.1:1/stage";
            o.Region = "us-east-1";
        });
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IConnectionMessenger));
        var messenger = provider.GetRequiredService<IConnectionMessenger>();
        Assert.IsType<ApiGatewayMessenger>(messenger);
        Assert.Same(messenger, provider.GetRequiredService<IApiGatewayConnections>());
    }

    [Fact]
    public void AddApiGatewayMessenger_HttpClient_PoolsOneConnectionPerRequestInFlightAndKeepsItsHandler()
    {
        var services = new ServiceCollection();
        services.AddChatRoom().AddApiGatewayMessenger(o =>
        {
            o.Endpoint = "http://127.0.0.1:1/stage";
            o.Region = "us-east-1";
            o.MaxConcurrentRequests = 48;
        });
        using var provider = services.BuildServiceProvider();

        // The factory's default rebuilds the handler, and so every pooled connection, every two minutes.
        Assert.Equal(Timeout.InfiniteTimeSpan, provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(ApiGatewayMessenger.HttpClientName).HandlerLifetime);
        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(ApiGatewayMessenger.HttpClientName);
        while (handler is DelegatingHandler outer)
        {
            handler = outer.InnerHandler!;
        }

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Equal(48, sockets.MaxConnectionsPerServer);
        Assert.Equal(ApiGatewayConnectionPool.ConnectionLifetime, sockets.PooledConnectionLifetime);
        Assert.False(sockets.UseCookies);
    }

    [Fact]
    public void AddApiGatewayMessenger_Configuration_BindsApiGatewaySection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatRoom:ApiGateway:ApiId"] = "abc123",
            ["ChatRoom:ApiGateway:Stage"] = "prod",
            ["ChatRoom:ApiGateway:Region"] = "eu-west-1",
            ["ChatRoom:ApiGateway:MaxConcurrentRequests"] = "7",
            ["ChatRoom:ApiGateway:RetryBaseDelay"] = "00:00:00.250",
        }).Build();
        var services = new ServiceCollection();

        services.AddChatRoom().AddApiGatewayMessenger(configuration.GetSection("ChatRoom"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ApiGatewayMessengerOptions>>().Value;
        Assert.Equal(7, options.MaxConcurrentRequests);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.RetryBaseDelay);
        Assert.Equal("https://abc123.execute-api.eu-west-1.amazonaws.com/prod", provider.GetRequiredService<ApiGatewayEndpoint>().Current?.AbsoluteUri);
    }

    [Fact]
    public void AddApiGatewayMessenger_InvalidOptions_FailsAtStartUp()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Substitute.For<IConnectionStore>());
        services.AddSingleton(Substitute.For<IMessageStore>());
        services.AddChatRoom().AddApiGatewayMessenger(o => o.Region = "us-east-1");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Set ChatRoom:ApiGateway:Endpoint, or ApiId and Stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddApiGatewayMessenger_ValidOptions_PassesStartUpValidation()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Substitute.For<IConnectionStore>());
        services.AddSingleton(Substitute.For<IMessageStore>());
        services.AddChatRoom().AddApiGatewayMessenger(o =>
        {
            o.ApiId = "abc123";
            o.Stage = "prod";
            o.Region = "us-east-1";
            o.Credentials = new BasicAWSCredentials(SigV4Verifier.AccessKey, SigV4Verifier.SecretKey);
        });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(provider.GetRequiredService<IChatEngine>());
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task AddApiGatewayMessenger_CalledTwice_RegistersOneRetryPipeline()
    {
        await using var gateway = await ScriptedGateway.StartAsync();
        gateway.DefaultStatus = 500;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChatRoom()
            .AddApiGatewayMessenger(o =>
            {
                o.Endpoint = gateway.Endpoint;
                o.Region = "us-east-1";
                o.Credentials = new BasicAWSCredentials(SigV4Verifier.AccessKey, SigV4Verifier.SecretKey);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            })
            .AddApiGatewayMessenger(o => o.MaxRetries = 1);
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IConnectionMessenger>().SendAsync("abc", "{}"u8.ToArray());

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Equal(2, gateway.Requests.Count);
        Assert.All(gateway.Requests, r => SigV4Verifier.AssertSigned(r));
    }
}
