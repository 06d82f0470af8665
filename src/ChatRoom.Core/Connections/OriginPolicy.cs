namespace ChatRoom;

/// <summary>
/// Which web pages may open a chat WebSocket (<c>ChatRoom:AllowedOrigins</c>): the listed origins, or, when none are
/// listed, only pages of the same origin as the socket. A request without <c>Origin</c> (wscat, a service) is allowed:
/// browsers always send it with a WebSocket upgrade, so the rule stops cross-site WebSocket hijacking, where a page on
/// another site opens a socket with the user's cookies.
/// </summary>
/// <remarks>
/// One rule for every host: <c>MapChatRoom</c> applies it before the upgrade, the Lambda entry on <c>$connect</c>
/// before the engine or a store is touched; a host of your own can apply it too. Immutable and thread-safe.
/// </remarks>
public sealed class OriginPolicy
{
    /// <summary>The setting, under the <c>ChatRoom</c> section: <c>AllowedOrigins</c>.</summary>
    public const string SettingName = "AllowedOrigins";

    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

    /// <summary>Creates the policy.</summary>
    /// <param name="allowedOrigins">Origins such as <c>https://chat.example.com</c> (scheme, host and port; a trailing <c>/</c> is allowed); empty for same origin only.</param>
    /// <exception cref="InvalidOperationException">An entry is not an origin; the message names it and the setting.</exception>
    public OriginPolicy(IEnumerable<string> allowedOrigins)
    {
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        foreach (var entry in allowedOrigins)
        {
            if (Normalize(entry.Trim()) is not { } origin)
            {
                throw new InvalidOperationException(
                    $"ChatRoom:{SettingName} contains '{entry}', which is not an origin: write scheme://host[:port], e.g. https://chat.example.com.");
            }

            _listed.Add(origin);
        }
    }

    /// <summary>Gets the listed origins, normalized (lower case, no default port); empty means same origin only.</summary>
    public IReadOnlyCollection<string> Listed => _listed;

    /// <summary>Decides whether a WebSocket upgrade may proceed.</summary>
    /// <param name="origin">The request's <c>Origin</c> header; null or empty when it has none.</param>
    /// <param name="host">The request's <c>Host</c> header, e.g. <c>chat.example.com:8080</c>.</param>
    /// <param name="scheme">The scheme the client used, <c>http</c> or <c>https</c> (behind API Gateway: <c>X-Forwarded-Proto</c>).</param>
    /// <returns><see langword="true"/> when the upgrade is allowed.</returns>
    public bool Allows(string? origin, string? host, string scheme)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (Normalize(origin) is not { } normalized)
        {
            return false; // "null" (sandboxed frames, file: pages) and anything else that names no site
        }

        if (_listed.Count > 0)
        {
            return _listed.Contains(normalized);
        }

        // Same origin: the page that opens the socket came from the host the socket goes to.
        return !string.IsNullOrEmpty(host) && Normalize($"{scheme}://{host}") == normalized;
    }

    /// <summary>Returns <c>scheme://host[:port]</c> in lower case without a default port, or null when <paramref name="value"/> is not an origin (it has no host, or a path, query, fragment or user name).</summary>
    private static string? Normalize(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && uri.Host.Length > 0
            && uri.UserInfo.Length == 0
            && uri.AbsolutePath == "/"
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0
            ? $"{uri.Scheme}://{uri.Authority}".ToLowerInvariant()
            : null;
}
