using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using ChatRoom.Aws;
using ChatRoom.Samples.Lambda;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// Runs the Lambda sample in this process as Lambda runs it: in a pool of execution environments, each with services
/// built exactly as the function builds them (DynamoDB stores, signed <c>@connections</c> calls), pointed at dynalite and
/// at this gateway, each invoking <see cref="Function.HandleAsync"/> with one serialized event at a time.
/// </summary>
/// <remarks>
/// The first environment is built once the server listens, because the management endpoint includes the gateway's
/// port; until it is, and the table exists, <see cref="IsReady"/> is false. More start on demand, up to
/// <see cref="LocalGatewayOptions.MaxConcurrency"/>.
/// </remarks>
internal sealed partial class LambdaHost(
    IConfiguration configuration,
    IServer server,
    DynaliteProcess dynalite,
    IOptions<LocalGatewayOptions> options,
    FunctionCustomization customization,
    TimeProvider timeProvider,
    ILogger<LambdaHost> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ConcurrentBag<Task> _abandoned = [];
    private EnvironmentPool<ExecutionEnvironment>? _pool;
    private volatile bool _ready;

    /// <summary>Gets the management endpoint the function posts to, e.g. <c>http://127.0.0.1:5090/local</c>.</summary>
    public Uri? ManagementEndpoint { get; private set; }

    /// <summary>Gets a value indicating whether the function can be invoked: the first environment is built and the table exists.</summary>
    public bool IsReady => _ready;

    /// <summary>Gets the execution environments, once the gateway has started.</summary>
    internal EnvironmentPool<ExecutionEnvironment>? Environments => _pool;

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
            // As the template passes its FunctionTimeout parameter, so the function knows its deadline.
            ["ChatRoom:ApiGateway:FunctionTimeoutSeconds"] = ((int)gateway.FunctionTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };
        var functionConfiguration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(settings).Build();
        var credentials = new BasicAWSCredentials(gateway.AccessKeyId, gateway.SecretAccessKey);
        _pool = new EnvironmentPool<ExecutionEnvironment>(
            gateway.MaxConcurrency,
            number => new ExecutionEnvironment(number, LambdaServices.Build(functionConfiguration, services =>
            {
                services.Configure<ApiGatewayMessengerOptions>(o => o.Credentials ??= credentials);
                customization.Configure?.Invoke(services);
            })),
            logger);

        // The first cold start happens now, so a bad setting fails the gateway's start; the table is created once.
        var first = await _pool.AcquireAsync(cancellationToken);
        try
        {
            await first.Services.EnsureChatRoomTableAsync(cancellationToken);
        }
        finally
        {
            _pool.Release(first);
        }

        _ready = true;
        Log.Ready(logger, ManagementEndpoint, dynalite.ServiceUrl, gateway.MaxConcurrency);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Invokes the function with one event in an idle execution environment (starting one, or waiting for one, when
    /// all are busy), as the Lambda runtime would: JSON stream in, JSON stream out.
    /// </summary>
    /// <param name="proxyEvent">The event's UTF-8 JSON.</param>
    /// <returns>
    /// The function's status code; 500 when it threw, answered something unreadable, or the gateway is stopping; 502
    /// when it ran past <see cref="LocalGatewayOptions.FunctionTimeout"/>, like Lambda: the invocation is abandoned and
    /// its environment discarded, never reused (all logged).
    /// </returns>
    /// <exception cref="InvalidOperationException">The gateway has not started.</exception>
    public async Task<int> InvokeAsync(byte[] proxyEvent)
    {
        var pool = _pool ?? throw new InvalidOperationException("The function is not ready: the gateway has not started.");
        ExecutionEnvironment environment;
        try
        {
            environment = await pool.AcquireAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.FunctionFailed(logger, ex);
            return 500;
        }

        var timeout = options.Value.FunctionTimeout;
        var discarded = false;
        try
        {
            var invocation = environment.Function.HandleAsync(new MemoryStream(proxyEvent, writable: false));
            try
            {
                await invocation.WaitAsync(timeout, timeProvider);
            }
            catch (TimeoutException) when (!invocation.IsCompleted)
            {
                // Lambda stops the environment mid-invocation; here its code runs on, unobserved, until disposed.
                Log.TimedOut(logger, environment.Number, timeout.TotalSeconds);
                discarded = true;
                pool.Discard(environment);
                _abandoned.Add(AbandonAsync(environment, invocation));
                return 502;
            }

            await using var output = await invocation;
            using var response = await JsonDocument.ParseAsync(output);
            return response.RootElement.TryGetProperty("statusCode", out var statusCode) && statusCode.TryGetInt32(out var status) ? status : 500;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.FunctionFailed(logger, ex);
            return 500;
        }
        finally
        {
            if (!discarded)
            {
                pool.Release(environment);
            }
        }
    }

    private static async Task AbandonAsync(ExecutionEnvironment environment, Task<Stream> invocation)
    {
        // Its outcome belongs to nobody: it ends however its disposed services let it.
        _ = invocation.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await environment.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _ready = false;
        if (_pool is not null)
        {
            await _pool.DisposeAsync();
        }

        await Task.WhenAll(_abandoned);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Lambda sample ready: @connections at {Endpoint}, DynamoDB at {ServiceUrl}, up to {MaxConcurrency} execution environments")]
        public static partial void Ready(ILogger logger, Uri endpoint, string? serviceUrl, int maxConcurrency);

        [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "The function failed")]
        public static partial void FunctionFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Task timed out after {Seconds:0.00} seconds (LocalGateway:FunctionTimeout): execution environment #{Number} is discarded")]
        public static partial void TimedOut(ILogger logger, int number, double seconds);
    }
}
