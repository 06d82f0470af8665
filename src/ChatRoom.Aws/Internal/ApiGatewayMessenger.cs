using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>
/// The three calls of the API Gateway management API (<c>@connections</c>) over one named, signed, retrying
/// <see cref="HttpClient"/>. The only class to replace when switching to the AWS SDK's management API client.
/// </summary>
internal sealed class ApiGatewayMessenger : IConnectionMessenger, IApiGatewayConnections, IDisposable
{
    public const string HttpClientName = "ChatRoom.Aws.ApiGateway";

    public static readonly HttpRequestOptionsKey<string> ConnectionIdKey = new("ChatRoom.Aws.ConnectionId");

    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ApiGatewayEndpoint _endpoint;
    private readonly SemaphoreSlim _gate;
    private readonly InvocationDeadlines _deadlines;
    private readonly ILogger _logger;

    public ApiGatewayMessenger(
        IHttpClientFactory httpClientFactory,
        ApiGatewayEndpoint endpoint,
        IOptions<ApiGatewayMessengerOptions> options,
        InvocationDeadlines deadlines,
        ILogger<ApiGatewayMessenger> logger)
    {
        _deadlines = deadlines;
        _httpClientFactory = httpClientFactory;
        _endpoint = endpoint;
        _gate = new SemaphoreSlim(options.Value.MaxConcurrentRequests, options.Value.MaxConcurrentRequests);
        MaxFrameBytes = options.Value.MaxFrameBytes;
        _logger = logger;
    }

    /// <summary>Gets <see cref="ApiGatewayMessengerOptions.MaxFrameBytes"/>, at most API Gateway's 128 KB: the engine cuts its replies to fit it.</summary>
    public int MaxFrameBytes { get; }

    public async ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        if (utf8Frame.Length > MaxFrameBytes)
        {
            // API Gateway answers 413 anyway; refusing here saves the request and its retries.
            ApiGatewayLog.FrameTooLarge(_logger, connectionId, utf8Frame.Length, MaxFrameBytes);
            return DeliveryResult.Failed;
        }

        // At the invocation's deadline, posts not yet started never start and those in flight are cancelled, so that
        // the invocation answers before Lambda stops it; the handler logs what was not sent.
        var deadline = _deadlines.Current;
        if (deadline is not null && deadline.IsPast)
        {
            deadline.RecordNotSent(connectionId, utf8Frame);
            return DeliveryResult.Failed;
        }

        using var linked = deadline is not null && cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token) : null;
        var token = linked?.Token ?? deadline?.Token ?? cancellationToken;
        try
        {
            using var request = CreateRequest(HttpMethod.Post, connectionId);
            if (request is null)
            {
                return DeliveryResult.Failed;
            }

            request.Content = new ReadOnlyMemoryContent(utf8Frame);
            request.Content.Headers.ContentType = OctetStream;
            using var response = await SendThrottledAsync(request, token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Delivered;
            }

            return response.StatusCode == HttpStatusCode.Gone ? LogGone(HttpMethod.Post, connectionId) : LogFailure(HttpMethod.Post, connectionId, response.StatusCode);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline is not null && deadline.IsPast)
        {
            deadline.RecordNotSent(connectionId, utf8Frame);
            return DeliveryResult.Failed;
        }
        catch (AmazonClientException ex)
        {
            ApiGatewayLog.SigningFailed(_logger, ex, HttpMethod.Post.Method, connectionId);
            return DeliveryResult.Failed;
        }
#pragma warning disable CA1031 // The port reports failures as Failed: network errors and timeouts (after retries) end here.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ApiGatewayLog.FailedException(_logger, ex, HttpMethod.Post.Method, connectionId);
            return DeliveryResult.Failed;
        }
    }

    public async ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        try
        {
            return await DisconnectAsync(connectionId, cancellationToken).ConfigureAwait(false) ? DeliveryResult.Delivered : DeliveryResult.Gone;
        }
        catch (HttpRequestException)
        {
            // Logged by the call; the port reports failures as Failed.
            return DeliveryResult.Failed;
        }
    }

    public async Task<ApiGatewayConnection?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        using var response = await CallAsync(HttpMethod.Get, connectionId, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            LogGone(HttpMethod.Get, connectionId);
            return null;
        }

        var document = await response.Content.ReadFromJsonAsync(ApiGatewayJsonContext.Default.ApiGatewayConnectionDocument, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException($"GET @connections for '{connectionId}' returned an empty body.", null, response.StatusCode);
        return new ApiGatewayConnection
        {
            ConnectionId = connectionId,
            ConnectedAt = document.ConnectedAt,
            LastActiveAt = document.LastActiveAt,
            SourceIp = document.Identity?.SourceIp,
            UserAgent = document.Identity?.UserAgent,
        };
    }

    public async Task<bool> DisconnectAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        using var response = await CallAsync(HttpMethod.Delete, connectionId, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            LogGone(HttpMethod.Delete, connectionId);
            return false;
        }

        return true;
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Sends a GET or DELETE; returns a success or 410 response, and throws <see cref="HttpRequestException"/> for anything else.</summary>
    private async Task<HttpResponseMessage> CallAsync(HttpMethod method, string connectionId, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, connectionId)
            ?? throw new HttpRequestException($"No API Gateway endpoint is known yet: call ApiGatewayEndpoint.SetFromRequestContext, or set {ChatRoomOptions.SectionName}:{ApiGatewayMessengerOptions.SectionName}:Endpoint, or ApiId and Stage.");
        HttpResponseMessage response;
        try
        {
            response = await SendThrottledAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AmazonClientException ex)
        {
            ApiGatewayLog.SigningFailed(_logger, ex, method.Method, connectionId);
            throw new HttpRequestException($"{method} @connections for '{connectionId}' could not be signed.", ex);
        }
        catch (HttpRequestException ex)
        {
            ApiGatewayLog.FailedException(_logger, ex, method.Method, connectionId);
            throw;
        }
        catch (Exception ex)
        {
            // Timeouts after retries: one exception type for callers to catch.
            ApiGatewayLog.FailedException(_logger, ex, method.Method, connectionId);
            throw new HttpRequestException($"{method} @connections for '{connectionId}' failed.", ex);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Gone)
        {
            return response;
        }

        var statusCode = response.StatusCode;
        response.Dispose();
        LogFailure(method, connectionId, statusCode);
        throw new HttpRequestException($"{method} @connections for '{connectionId}' failed with {(int)statusCode} ({statusCode}).", null, statusCode);
    }

    private HttpRequestMessage? CreateRequest(HttpMethod method, string connectionId)
    {
        if (!_endpoint.TryGetConnectionUri(connectionId, out var uri))
        {
            ApiGatewayLog.NoEndpoint(_logger, method.Method, connectionId);
            return null;
        }

        var request = new HttpRequestMessage(method, uri);
        request.Options.Set(ConnectionIdKey, connectionId);
        return request;
    }

    private async Task<HttpResponseMessage> SendThrottledAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // One limit for every broadcast and call in the process; retries of a request keep its slot.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var client = _httpClientFactory.CreateClient(HttpClientName);
            return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private DeliveryResult LogGone(HttpMethod method, string connectionId)
    {
        ApiGatewayLog.Gone(_logger, method.Method, connectionId);
        return DeliveryResult.Gone;
    }

    private DeliveryResult LogFailure(HttpMethod method, string connectionId, HttpStatusCode statusCode)
    {
        if (statusCode == HttpStatusCode.Forbidden)
        {
            ApiGatewayLog.Forbidden(_logger, method.Method, connectionId, _endpoint.Current);
        }
        else
        {
            ApiGatewayLog.FailedStatus(_logger, method.Method, connectionId, statusCode);
        }

        return DeliveryResult.Failed;
    }
}
