using Amazon.DynamoDBv2;
using ChatRoom.Samples.LocalGateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatRoom.AwsCost;

/// <summary>
/// The local gateway (<see cref="GatewayApp"/>) on 127.0.0.1 and a free port, running the Lambda sample on a shared
/// dynalite, with three meters: the function's DynamoDB requests, the <c>@connections</c> requests the gateway receives,
/// and the function's invocations.
/// </summary>
internal sealed class MeteredGateway : IAsyncDisposable
{
    public const string Stage = "local";

    private readonly WebApplication _app;
    private readonly IAmazonDynamoDB _client;
    private readonly ConnectionsApiMeter _connectionsApi;

    private MeteredGateway(WebApplication app, IAmazonDynamoDB client, Uri baseAddress, DynamoDbMeter dynamoDb, ConnectionsApiMeter connectionsApi, InvocationMeter invocations)
    {
        _app = app;
        _client = client;
        BaseAddress = baseAddress;
        DynamoDb = dynamoDb.Tally;
        _connectionsApi = connectionsApi;
        ConnectionsApi = connectionsApi.Tally;
        Invocations = invocations;
    }

    public Uri BaseAddress { get; }

    /// <summary>Gets the management endpoint, e.g. <c>http://127.0.0.1:41234/local</c>, for the reference design's posts.</summary>
    public Uri ManagementEndpoint => new(BaseAddress, Stage);

    public RequestTally DynamoDb { get; }

    public RequestTally ConnectionsApi { get; }

    /// <summary>Gets how many TCP connections the function has opened to <c>@connections</c> since the gateway started.</summary>
    public int ConnectionsApiConnections => _connectionsApi.Connections;

    /// <summary>Gets the function's invocations by event type (<c>CONNECT</c>, <c>MESSAGE</c>, <c>DISCONNECT</c>), counted when each completes.</summary>
    public InvocationMeter Invocations { get; }

    /// <summary>Starts the gateway.</summary>
    /// <param name="dynamoDbUrl">dynalite's URL.</param>
    /// <param name="table">The function's table.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <param name="settings">More configuration, e.g. <c>--LocalGateway:Faults:PostLatency=00:00:00.020</c>; later settings win.</param>
    /// <returns>The running gateway.</returns>
    public static async Task<MeteredGateway> StartAsync(string dynamoDbUrl, string table, CancellationToken cancellationToken, params string[] settings)
    {
        var dynamoDb = new DynamoDbMeter();
        var connectionsApi = new ConnectionsApiMeter();
        var invocations = new InvocationMeter();
        var client = dynamoDb.CreateClient(dynamoDbUrl);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            $"--LocalGateway:Stage={Stage}",
            "--LocalGateway:IdleTimeout=02:00:00",
            // Clients torn down by aborting their sockets get no $disconnect, so a room of 1,000 is not told 1,000 times
            // who left (that is presence traffic, not the cost of a message).
            "--LocalGateway:SimulateLostDisconnects=true",
            $"--ChatRoom:DynamoDb:ServiceUrl={dynamoDbUrl}",
            $"--ChatRoom:DynamoDb:TableName={table}",
            // No default room: every connection joins exactly the room the scenario gives it.
            "--ChatRoom:DefaultRoom=",
            "--ChatRoom:RateLimitPerSecond=1000000",
            "--ChatRoom:RateLimitBurst=1000000",
            .. settings,
        ];

        var app = GatewayApp.Build(
            args,
            services => services.AddSingleton<IStartupFilter>(connectionsApi),
            function =>
            {
                function.AddSingleton<IAmazonDynamoDB>(client);
                var engine = function.Last(d => d.ServiceType == typeof(IChatEngine));
                function.Replace(ServiceDescriptor.Singleton<IChatEngine>(provider => new CountingChatEngine(
                    (IChatEngine)(engine.ImplementationFactory?.Invoke(provider) ?? ActivatorUtilities.CreateInstance(provider, engine.ImplementationType!)),
                    invocations)));
            });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new MeteredGateway(app, client, new Uri(address.TrimEnd('/') + "/"), dynamoDb, connectionsApi, invocations);
    }

    /// <summary>Gets the API Gateway style client address <c>ws://host/{stage}?name=…</c>.</summary>
    public Uri ClientUri(string name) => new($"ws://{BaseAddress.Authority}/{Stage}?name={Uri.EscapeDataString(name)}");

    /// <summary>Zeroes every meter.</summary>
    public void ResetMeters()
    {
        DynamoDb.Reset();
        ConnectionsApi.Reset();
        Invocations.Completed.Reset();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
