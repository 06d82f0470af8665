using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>
/// An HTTP proxy in front of dynalite (Kestrel on 127.0.0.1 port 0) that answers the next requests of one operation the
/// way DynamoDB throttles, HTTP 400 with <c>ProvisionedThroughputExceededException</c>, and forwards every other request
/// unchanged: a client pointed at it runs its real SDK retries against a real table.
/// </summary>
public sealed class ThrottlingProxy : IAsyncDisposable
{
    private const string ThrottlingError =
        """{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}""";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Expect", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<(string Operation, bool Throttled)> _requests = new();
    private readonly Lock _gate = new();
    private string _throttledOperation = string.Empty;
    private int _toThrottle;

    private ThrottlingProxy(WebApplication app, HttpClient upstream, string serviceUrl)
    {
        _app = app;
        _upstream = upstream;
        ServiceUrl = serviceUrl;
    }

    /// <summary>Gets the proxy's URL, for <c>DynamoDbOptions.ServiceUrl</c>.</summary>
    public string ServiceUrl { get; }

    /// <summary>Gets every request so far: its operation (<c>X-Amz-Target</c>, e.g. <c>UpdateItem</c>) and whether it was throttled.</summary>
    public IReadOnlyList<(string Operation, bool Throttled)> Requests => _requests.ToArray();

    /// <summary>Starts a proxy forwarding to <paramref name="upstreamUrl"/>.</summary>
    public static async Task<ThrottlingProxy> StartAsync(string upstreamUrl)
    {
        ThrottlingProxy? proxy = null;
        var (app, baseUrl) = await LoopbackHttpServer.StartAsync(context => proxy!.HandleAsync(context));
        proxy = new ThrottlingProxy(app, new HttpClient { BaseAddress = new Uri(upstreamUrl) }, baseUrl);
        return proxy;
    }

    /// <summary>Throttles the next <paramref name="count"/> requests of <paramref name="operation"/> (e.g. <c>UpdateItem</c>), then forwards them again.</summary>
    public void Throttle(string operation, int count)
    {
        lock (_gate)
        {
            (_throttledOperation, _toThrottle) = (operation, count);
        }
    }

    /// <summary>Gets the requests of <paramref name="operation"/> so far, each as whether it was throttled.</summary>
    public IReadOnlyList<bool> RequestsOf(string operation) => [.. Requests.Where(r => r.Operation == operation).Select(r => r.Throttled)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private bool TakeThrottle(string operation)
    {
        lock (_gate)
        {
            if (_toThrottle == 0 || operation != _throttledOperation)
            {
                return false;
            }

            _toThrottle--;
            return true;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = target[(target.LastIndexOf('.') + 1)..];
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);

        var throttled = TakeThrottle(operation);
        _requests.Enqueue((operation, throttled));
        if (throttled)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync(ThrottlingError, context.RequestAborted);
            return;
        }

        using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString)
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var (name, values) in context.Request.Headers.Where(h => !HopByHop.Contains(h.Key)))
        {
            if (!forwarded.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forwarded.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _upstream.SendAsync(forwarded, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
