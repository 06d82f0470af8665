namespace ChatRoom;

/// <summary>What a transport knows about a connection request: query parameters, headers and the remote address.</summary>
public sealed record ConnectionMetadata
{
    private static readonly IReadOnlyDictionary<string, string> s_noQuery = new Dictionary<string, string>(StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<string, string> s_noHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Metadata with no query parameters, no headers and no address.</summary>
    public static ConnectionMetadata Empty { get; } = new();

    /// <summary>Gets the query string parameters (first value per name); names compare ordinally. Default: none.</summary>
    public IReadOnlyDictionary<string, string> QueryParameters { get; init; } = s_noQuery;

    /// <summary>Gets the request headers; names compare case-insensitively. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = s_noHeaders;

    /// <summary>Gets the client's address as the transport reports it, if known.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>
    /// Gets who the host has already proven the connection belongs to (e.g. an authenticated <c>HttpContext.User</c>),
    /// or <see langword="null"/> to let <see cref="IChatAuthenticator"/> decide from the request. Default: none.
    /// </summary>
    /// <remarks>
    /// When set, the engine takes this identity as proven and does not ask the authenticator; a <c>name</c> query
    /// parameter is ignored. Only host code sets it, never from what the client sent: a host must not fill it from
    /// query parameters or headers it has not verified.
    /// </remarks>
    public ChatIdentity? Identity { get; init; }

    /// <summary>Creates metadata from query parameters alone, for tests and simple hosts.</summary>
    /// <param name="queryParameters">The query parameters.</param>
    /// <returns>The metadata.</returns>
    public static ConnectionMetadata FromQuery(IReadOnlyDictionary<string, string> queryParameters)
    {
        ArgumentNullException.ThrowIfNull(queryParameters);
        return new() { QueryParameters = queryParameters };
    }
}
