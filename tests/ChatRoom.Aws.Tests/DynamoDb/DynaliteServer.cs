using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>A real DynamoDB API for the tests: dynalite (npm, in-memory) on 127.0.0.1 with a free port.</summary>
/// <remarks>Installed by <c>scripts/test.sh</c>; see <see cref="DynaliteExecutable"/>.</remarks>
public sealed class DynaliteServer : IAsyncLifetime
{
    private readonly Lazy<Task<ServiceProvider>> _shared;
    private Process? _process;

    public DynaliteServer() => _shared = new(CreateSharedServicesAsync);

    /// <summary>
    /// A request timeout for stores on dynalite: one single-threaded process on a shared test machine may queue a burst
    /// of parallel requests for longer than the production default (5 s) without anything being wrong.
    /// </summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(1);

    public string ServiceUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var port = DynaliteExecutable.FreePort();
        ServiceUrl = $"http://127.0.0.1:{port}";
        _process = DynaliteExecutable.Start(port);

        using var client = CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await client.ListTablesAsync(timeout.Token);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !_process.HasExited)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }

    /// <summary>Stores on one table shared by the conformance suites (their tests use unique ids), created once.</summary>
    public Task<ServiceProvider> GetSharedServicesAsync() => _shared.Value;

    private async Task<ServiceProvider> CreateSharedServicesAsync()
    {
        var services = new ServiceCollection().AddChatRoom().AddDynamoDb(o => { o.TableName = "conformance"; o.ServiceUrl = ServiceUrl; o.RequestTimeout = RequestTimeout; }).Services.BuildServiceProvider();
        await services.EnsureChatRoomTableAsync();
        return services;
    }

    public AmazonDynamoDBClient CreateClient(AmazonDynamoDBConfig? config = null)
    {
        config ??= new AmazonDynamoDBConfig();
        config.ServiceURL = ServiceUrl;
        config.AuthenticationRegion = "us-east-1";
        return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    public async Task DisposeAsync()
    {
        if (_shared.IsValueCreated && _shared.Value.IsCompletedSuccessfully)
        {
            await _shared.Value.Result.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
    }
}
