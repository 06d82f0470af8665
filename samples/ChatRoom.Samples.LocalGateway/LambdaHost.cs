using System.Text.Json;
using Amazon.Runtime;
using ChatRoom.Aws;
using ChatRoom.Samples.Lambda;
using ChatRoom.Samples.Lambda.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// Runs the Lambda sample in this process: builds its services exactly as the function does (DynamoDB stores, signed
/// <c>@connections</c> calls), pointed at dynalite and at this gateway, and invokes <see cref="Function.HandleAsync"/>
/// with serialized events.
/// </summary>
/// <remarks>The function is built once the server listens, because its management endpoint includes the gateway's port.</remarks>
internal sealed partial class LambdaHost(
    IConfiguration configuration,
    IServer server,
    DynaliteProcess dynalite,
    IOptions<LocalGatewayOptions> options,
    FunctionCustomization customization,
    ILogger<LambdaHost> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private ServiceProvider? _services;
    private Function? _function;

    /// <summary>Gets the management endpoint the function posts to, e.g. <c>http://127.0.0.1:5090/local</c>.</summary>
    public Uri? ManagementEndpoint { get; private set; }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var gateway = options.Value;
        // Only the port matters: the function calls the gateway on loopback, whatever names it listens under.
        var address = server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = BindingAddress.Parse(address).Port;
        ManagementEndpoint = new Uri($"http://127.0.0.1:{port}/{Uri.EscapeDataString(gateway.Stage)}");

        var settings = new Dictionary<string, string?>
        {
            [DynaliteProcess.ServiceUrlKey] = dynalite.ServiceUrl,
            ["ChatRoom:ApiGateway:Endpoint"] = ManagementEndpoint.AbsoluteUri,
            // The gateway verifies signatures for its own region, so the function signs for that one.
            ["ChatRoom:ApiGateway:Region"] = gateway.Region,
        };
        var functionConfiguration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(settings).Build();
        var credentials = new BasicAWSCredentials(gateway.AccessKeyId, gateway.SecretAccessKey);
        _services = LambdaServices.Build(functionConfiguration, services =>
        {
            services.Configure<ApiGatewayMessengerOptions>(o => o.Credentials ??= credentials);
            customization.Configure?.Invoke(services);
        });
        await _services.EnsureChatRoomTableAsync(cancellationToken);
        _function = new Function(_services);
        Log.Ready(logger, ManagementEndpoint, dynalite.ServiceUrl);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Invokes the function with one event, as the Lambda runtime would: JSON stream in, JSON stream out.</summary>
    /// <param name="proxyEvent">The event's UTF-8 JSON.</param>
    /// <returns>The function's status code; 500 when it threw or answered something unreadable (logged).</returns>
    public async Task<int> InvokeAsync(byte[] proxyEvent)
    {
        var function = _function ?? throw new InvalidOperationException("The function is not ready: the gateway has not started.");
        try
        {
            using var input = new MemoryStream(proxyEvent, writable: false);
            await using var output = await function.HandleAsync(input);
            var response = await JsonSerializer.DeserializeAsync(output, WebSocketJsonContext.Default.WebSocketProxyResponse);
            return response?.StatusCode ?? 500;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.FunctionFailed(logger, ex);
            return 500;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Lambda sample ready: @connections at {Endpoint}, DynamoDB at {ServiceUrl}")]
        public static partial void Ready(ILogger logger, Uri endpoint, string? serviceUrl);

        [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "The function failed")]
        public static partial void FunctionFailed(ILogger logger, Exception exception);
    }
}
