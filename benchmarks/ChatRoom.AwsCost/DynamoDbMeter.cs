using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace ChatRoom.AwsCost;

/// <summary>
/// Counts a DynamoDB client's HTTP requests by operation (the <c>X-Amz-Target</c> header) and adds up the
/// <c>ConsumedCapacity</c> its responses report. The clients it creates ask for <c>ReturnConsumedCapacity=TOTAL</c>
/// on every request (<see cref="CapacityRequestingProxy"/>; the stores do not), which changes what the responses
/// carry, not what is read or written.
/// </summary>
internal sealed class DynamoDbMeter : HttpClientFactory
{
    private static readonly HashSet<string> ReadOperations = new(StringComparer.Ordinal) { "GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems" };

    public RequestTally Tally { get; } = new();

    /// <summary>Creates a client for a local endpoint whose requests this meter counts.</summary>
    /// <param name="serviceUrl">The endpoint, e.g. dynalite's <c>http://127.0.0.1:8000</c>.</param>
    /// <returns>The client; disposing it disposes the SDK client.</returns>
    public IAmazonDynamoDB CreateClient(string serviceUrl)
    {
        var config = new AmazonDynamoDBConfig { ServiceURL = serviceUrl, AuthenticationRegion = "us-east-1", HttpClientFactory = this };
        return CapacityRequestingProxy.Wrap(new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config));
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new CountingHandler(Tally) { InnerHandler = new SocketsHttpHandler() });

    /// <summary>Reads <c>ConsumedCapacity.CapacityUnits</c> from a response body: one object, or a list (batch operations).</summary>
    private static double? CapacityUnits(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("ConsumedCapacity", out var capacity))
            {
                return null;
            }

            return capacity.ValueKind switch
            {
                JsonValueKind.Object => Units(capacity),
                JsonValueKind.Array => capacity.EnumerateArray().Sum(Units),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }

        static double Units(JsonElement element) =>
            element.TryGetProperty("CapacityUnits", out var units) && units.TryGetDouble(out var value) ? value : 0;
    }

    private sealed class CountingHandler(RequestTally tally) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var operation = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First().Split('.').Last() : "other";
            tally.Add(operation);
            var response = await base.SendAsync(request, cancellationToken);

            // Buffer the body to read the capacity, then hand the SDK an identical copy (its CRC32 check still holds).
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            tally.AddCapacity(response.IsSuccessStatusCode ? CapacityUnits(body) : null, ReadOperations.Contains(operation));
            var copy = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
            return response;
        }
    }
}
