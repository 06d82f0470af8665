namespace ChatRoom.Aws.Internal;

/// <summary>Counts and times every attempt; sits below the retry handler so each retry is its own request.</summary>
internal sealed class ApiGatewayMetricsHandler(ApiGatewayMetrics metrics, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            metrics.RequestCompleted(request.Method, null, timeProvider.GetElapsedTime(started));
            throw;
        }

        metrics.RequestCompleted(request.Method, response.StatusCode, timeProvider.GetElapsedTime(started));
        return response;
    }
}
