using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace ChatRoom.Aws.Internal;

/// <summary>The management API client's resilience pipeline: retries with exponential backoff and jitter around a per-attempt timeout.</summary>
internal static class ApiGatewayResilience
{
    public const string PipelineName = "retry";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<ApiGatewayMessengerOptions>>().Value;
        var logger = (context.ServiceProvider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ApiGatewayMessenger>();

        if (options.MaxRetries > 0)
        {
            // The default predicate retries 408, 429, 5xx, HttpRequestException and per-attempt timeouts; 403, 410
            // and 413 are final. POST is retried too: a frame API Gateway took before answering 5xx may then
            // arrive twice (message events carry seq and id, so clients can drop the copy).
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    var connectionId = request is not null && request.Options.TryGetValue(ApiGatewayMessenger.ConnectionIdKey, out var id) ? id : "-";
                    var outcome = args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    ApiGatewayLog.Retrying(logger, request?.Method.Method ?? "-", connectionId, outcome, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.RequestTimeout);
    }
}
