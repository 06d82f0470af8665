using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace ChatRoom.Aws.Internal;

/// <summary>The management API client's resilience pipeline: retries with exponential backoff and jitter around a per-attempt timeout.</summary>
internal static class ApiGatewayResilience
{
    public const string PipelineName = "retry";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<ApiGatewayMessengerOptions>>().Value;
        var loggerFactory = context.ServiceProvider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<ApiGatewayMessenger>();

        // Polly logs every handled attempt at Warning by default: a burst of 429s on a broadcast to 1,000 members
        // would write thousands of warnings. The messenger logs retries itself at Debug (206) and a delivery that ran
        // out of retries at Warning (203, 204), so Polly's own events go to Debug.
        var existing = context.ServiceProvider.GetService<IOptions<TelemetryOptions>>()?.Value;
        var telemetry = existing is null ? new TelemetryOptions() : new TelemetryOptions(existing);
        telemetry.LoggerFactory = loggerFactory;
        telemetry.SeverityProvider = static args => args.Event.Severity == ResilienceEventSeverity.None ? ResilienceEventSeverity.None : ResilienceEventSeverity.Debug;
        builder.ConfigureTelemetry(telemetry);

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
