namespace ChatRoom.Aws;

/// <summary>Reads and closes API Gateway WebSocket connections through the management API (<c>@connections</c>).</summary>
/// <remarks>
/// Registered by <c>AddApiGatewayMessenger</c> as a thread-safe singleton sharing the messenger's signed HTTP client,
/// retries and concurrency limit. Sending frames is the engine's <see cref="IConnectionMessenger"/>.
/// </remarks>
public interface IApiGatewayConnections
{
    /// <summary>Gets what API Gateway knows about a connection.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connection, or <see langword="null"/> when it is gone (HTTP 410).</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionId"/> is null or empty.</exception>
    /// <exception cref="HttpRequestException">The API refused the call (e.g. 403), or failed after retries; <see cref="HttpRequestException.StatusCode"/> tells which when there was a response.</exception>
    Task<ApiGatewayConnection?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Closes a connection from the server side; API Gateway then raises the route <c>$disconnect</c>.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the connection was closed; <see langword="false"/> when it was already gone (HTTP 410).</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionId"/> is null or empty.</exception>
    /// <exception cref="HttpRequestException">The API refused the call (e.g. 403), or failed after retries.</exception>
    Task<bool> DisconnectAsync(string connectionId, CancellationToken cancellationToken = default);
}
