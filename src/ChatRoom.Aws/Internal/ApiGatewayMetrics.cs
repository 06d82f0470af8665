using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;

namespace ChatRoom.Aws.Internal;

/// <summary>The management API client's instruments, on the <c>ChatRoom.Aws</c> meter. Each attempt (retries included) counts once.</summary>
internal sealed class ApiGatewayMetrics
{
    public const string MeterName = "ChatRoom.Aws";
    public const string RequestsInstrument = "chatroom.aws.connections_api.requests";
    public const string DurationInstrument = "chatroom.aws.connections_api.duration";
    public const string MethodTag = "http.request.method";
    public const string StatusClassTag = "http.response.status_class";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public ApiGatewayMetrics(IMeterFactory? meterFactory = null)
    {
        // Without a host's IMeterFactory (plain unit tests), a private meter keeps the instruments working.
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = meter.CreateCounter<long>(RequestsInstrument, "{request}", "Requests sent to the API Gateway management API (@connections), each retry counted.");
        _duration = meter.CreateHistogram<double>(DurationInstrument, "s", "Time for one request to the API Gateway management API.");
    }

    /// <summary>Records one attempt; <paramref name="statusCode"/> is null when no response came back.</summary>
    public void RequestCompleted(HttpMethod method, HttpStatusCode? statusCode, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { MethodTag, method.Method },
            { StatusClassTag, StatusClass(statusCode) },
        };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    private static string StatusClass(HttpStatusCode? statusCode) => (int?)statusCode switch
    {
        null => "error",
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "other",
    };
}
