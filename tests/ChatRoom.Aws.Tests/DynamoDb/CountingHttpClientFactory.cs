using Amazon.Runtime;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>Counts the HTTP requests an SDK client makes, by DynamoDB operation (X-Amz-Target).</summary>
public sealed class CountingHttpClientFactory : HttpClientFactory
{
    private readonly RequestCounter _counter = new();

    public int Total => _counter.Total;

    public IReadOnlyDictionary<string, int> ByOperation => _counter.Snapshot();

    public void Reset() => _counter.Reset();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new CountingHandler(_counter) { InnerHandler = new SocketsHttpHandler() });

    private sealed class CountingHandler(RequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First().Split('.').Last() : "unknown";
            counter.Add(target);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class RequestCounter
    {
        private readonly Dictionary<string, int> _counts = [];

        public int Total
        {
            get
            {
                lock (_counts)
                {
                    return _counts.Values.Sum();
                }
            }
        }

        public void Add(string operation)
        {
            lock (_counts)
            {
                _counts[operation] = _counts.GetValueOrDefault(operation) + 1;
            }
        }

        public Dictionary<string, int> Snapshot()
        {
            lock (_counts)
            {
                return new Dictionary<string, int>(_counts);
            }
        }

        public void Reset()
        {
            lock (_counts)
            {
                _counts.Clear();
            }
        }
    }
}
