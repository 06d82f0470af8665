using System.Net;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>The DynamoDB client the stores share: the app's own when it registered one, otherwise one built from options.</summary>
internal sealed class DynamoDbClientAccessor : IDisposable
{
    private readonly bool _ownsClient;

    public DynamoDbClientAccessor(IServiceProvider services, IOptions<DynamoDbOptions> options)
    {
        var registered = services.GetService<IAmazonDynamoDB>();
        _ownsClient = registered is null;
        Client = registered ?? CreateClient(options.Value);
    }

    public IAmazonDynamoDB Client { get; }

    public void Dispose()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }
    }

    private static AmazonDynamoDBClient CreateClient(DynamoDbOptions options)
    {
        var config = new AmazonDynamoDBConfig
        {
            // Bounded, so that a DynamoDB that stops answering turns into "unavailable" for the sender within seconds.
            Timeout = options.RequestTimeout,
            MaxErrorRetry = options.MaxRetries,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        // Local endpoints (dynalite, DynamoDB Local) accept any credentials; don't make developers configure some.
        return IsLoopback(options.ServiceUrl) && Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null
            ? new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config)
            : new AmazonDynamoDBClient(config);
    }

    private static bool IsLoopback(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address)));
}
