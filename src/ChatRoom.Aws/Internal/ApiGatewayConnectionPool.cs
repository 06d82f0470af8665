namespace ChatRoom.Aws.Internal;

/// <summary>The management API client's sockets: one pooled keep-alive connection per request in flight, reused across broadcasts and invocations.</summary>
/// <remarks>
/// The HTTP client factory's default handler is rebuilt every two minutes, and with it every pooled connection: in a
/// warm Lambda environment that would be <see cref="ApiGatewayMessengerOptions.MaxConcurrentRequests"/> new TCP and
/// TLS handshakes every two minutes. The handler is kept instead (its lifetime is infinite), and each connection is
/// replaced on its own after <see cref="ConnectionLifetime"/> so that DNS changes of the endpoint are still picked up.
/// </remarks>
internal static class ApiGatewayConnectionPool
{
    /// <summary>How long one connection is reused before it is replaced: bounds how long a DNS change goes unseen.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(15);

    public static SocketsHttpHandler CreateHandler(ApiGatewayMessengerOptions options) => new()
    {
        // The messenger never has more requests in flight, so more connections would only be handshakes never reused.
        MaxConnectionsPerServer = options.MaxConcurrentRequests,
        PooledConnectionLifetime = ConnectionLifetime,
        UseCookies = false,
        AllowAutoRedirect = false,
    };
}
