using System.Net.Http.Headers;
using System.Text.Json;

namespace ChatRoom.ColdStart.Bootstrap;

/// <summary>
/// The Lambda Runtime API loop of a custom runtime: asks for the next event, hands its body to the handler, posts the
/// handler's stream back as the response, or the exception as an invocation error, and asks again.
/// </summary>
/// <remarks>
/// One event at a time, as Lambda delivers them to an execution environment. The loop never ends on a handler's
/// exception (Lambda would keep the environment); it ends when the Runtime API fails or <c>cancellationToken</c> fires.
/// </remarks>
public sealed class RuntimeApiLoop(HttpClient http)
{
    private const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    private const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>An HTTP client for the Runtime API at <paramref name="api"/> (<c>host:port</c>, from <c>AWS_LAMBDA_RUNTIME_API</c>).</summary>
    public static HttpClient CreateClient(string api) => new()
    {
        BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/"),
        // invocation/next blocks until an event arrives, however long the environment stays idle.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Handles events until the Runtime API fails or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="handler">The function: the event's JSON in, the response JSON out.</param>
    /// <param name="cancellationToken">Ends the loop.</param>
    /// <returns>A task that ends cancelled when <paramref name="cancellationToken"/> fires, whatever the loop was doing then, or faulted when the Runtime API fails.</returns>
    public async Task RunAsync(Func<Stream, Task<Stream>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        while (true)
        {
            // Between two events too, so that a cancelled loop always ends the same way.
            cancellationToken.ThrowIfCancellationRequested();
            string requestId;
            byte[] body;
            using (var next = await http.GetAsync("invocation/next", cancellationToken))
            {
                next.EnsureSuccessStatusCode();
                requestId = next.Headers.GetValues(RequestIdHeader).Single();
                if (next.Headers.TryGetValues(TraceIdHeader, out var trace))
                {
                    // Where the AWS SDK and X-Ray look for the trace of the current invocation.
                    Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", trace.FirstOrDefault());
                }

                body = await next.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            Stream output;
            try
            {
                output = await handler(new MemoryStream(body, writable: false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await PostErrorAsync($"invocation/{requestId}/error", ex, cancellationToken);
                continue;
            }

            await using (output)
            {
                using var content = new StreamContent(output);
                content.Headers.ContentType = Json;
                using var posted = await http.PostAsync($"invocation/{requestId}/response", content, cancellationToken);
                posted.EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>Reports that the function could not be built; Lambda then fails the invocation and restarts the environment.</summary>
    /// <param name="exception">What failed.</param>
    /// <param name="cancellationToken">Cancels the report.</param>
    /// <returns>A task that completes when the Runtime API has the report.</returns>
    public Task ReportInitErrorAsync(Exception exception, CancellationToken cancellationToken = default) =>
        PostErrorAsync("init/error", exception, cancellationToken);

    private async Task PostErrorAsync(string path, Exception exception, CancellationToken cancellationToken)
    {
        // The Runtime API's error document, written by hand so that the loop needs no serializer (and stays AOT-safe).
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", exception.Message);
            writer.WriteString("errorType", exception.GetType().FullName);
            writer.WriteEndObject();
        }

        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = Json;
        content.Headers.Add("Lambda-Runtime-Function-Error-Type", "Unhandled");
        using var posted = await http.PostAsync(path, content, cancellationToken);
        posted.EnsureSuccessStatusCode();
    }
}
