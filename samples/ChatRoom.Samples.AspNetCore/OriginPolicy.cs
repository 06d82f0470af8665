namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Stops cross-site WebSocket hijacking: a browser always sends Origin with a WebSocket upgrade, so a page on
/// another site cannot open a socket here with the user's cookies. Clients without an Origin (wscat, services) are allowed.
/// </summary>
internal sealed class OriginPolicy(IReadOnlyCollection<string> allowedOrigins)
{
    public bool Allows(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (allowedOrigins.Count > 0)
        {
            return allowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
        }

        // Same origin: the page that opens the socket was served by this host.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.IsHttps ? "https" : "http", StringComparison.OrdinalIgnoreCase);
    }
}
