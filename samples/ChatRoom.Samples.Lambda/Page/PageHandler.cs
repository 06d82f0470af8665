using System.Text.Json;

namespace ChatRoom.Samples.Lambda.Page;

/// <summary>
/// Answers one HTTP API request for the chat page: its files (with strong ETags and <c>304 Not Modified</c>), the
/// config answer at <c>/config</c>, 404 for other paths, 405 for methods other than GET and HEAD, 400 for events that
/// are not HTTP API requests.
/// </summary>
/// <remarks>Thread-safe; holds no per-request state.</remarks>
internal sealed class PageHandler
{
    private const string ConfigPath = "/config";

    private readonly PageOptions _options;
    private readonly string? _fixedUrl;

    public PageHandler(PageOptions options)
    {
        options.Validate();
        _options = options;
        _fixedUrl = string.IsNullOrEmpty(options.WebSocketUrl) || options.WebSocketUrl.StartsWith('/') ? null : options.WebSocketUrl;
    }

    public HttpApiResponse Handle(HttpApiEvent? request)
    {
        var method = request?.RequestContext?.Http?.Method;
        if (request?.RawPath is not { Length: > 0 } path || string.IsNullOrEmpty(method))
        {
            return Text(400, "Bad request: expected an API Gateway HTTP API event (payload format 2.0) with rawPath and requestContext.http.method.", null);
        }

        var headers = request.Headers;
        var webSocketUrl = WebSocketUrl(headers);
        var isHead = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);
        if (!isHead && !string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            var refused = Text(405, $"Method {method} is not allowed: the page answers GET and HEAD.", webSocketUrl);
            refused.Headers["Allow"] = "GET, HEAD";
            return refused;
        }

        if (path == ConfigPath)
        {
            var config = new PageConfig
            {
                WebSocketUrl = webSocketUrl,
                Tokens = _options.Tokens,
                TokenRequired = _options.Tokens && _options.TokenRequired,
                KeepAliveSeconds = _options.KeepAliveSeconds,
            };
            return Response(200, "application/json; charset=utf-8", "no-store", isHead ? string.Empty : JsonSerializer.Serialize(config, PageJsonContext.Default.PageConfig), false, webSocketUrl);
        }

        if (!PageAssets.ByPath.TryGetValue(path, out var asset))
        {
            return Text(404, $"Not found: {path}", webSocketUrl);
        }

        if (Matches(Header(headers, "if-none-match"), asset.ETag))
        {
            var notModified = Response(304, null, "no-cache", string.Empty, false, webSocketUrl);
            notModified.Headers["ETag"] = asset.ETag;
            return notModified;
        }

        var ok = Response(200, asset.ContentType, "no-cache", isHead ? string.Empty : asset.Body, !isHead && asset.IsBase64Encoded, webSocketUrl);
        ok.Headers["ETag"] = asset.ETag;
        return ok;
    }

    /// <summary>Whether an <c>If-None-Match</c> list names the tag; the weak comparison RFC 9110 prescribes for it (a <c>W/</c> prefix is ignored).</summary>
    private static bool Matches(string? ifNoneMatch, string etag)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch))
        {
            return false;
        }

        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The configured URL; a path is resolved against the request's host, <c>ws://</c> only behind plain http.</summary>
    private string? WebSocketUrl(Dictionary<string, string?>? headers)
    {
        if (_fixedUrl is not null || string.IsNullOrEmpty(_options.WebSocketUrl))
        {
            return _fixedUrl;
        }

        if (Header(headers, "host") is not { Length: > 0 } host || Uri.CheckHostName(host.Split(':')[0].Trim('[', ']')) == UriHostNameType.Unknown)
        {
            return null;
        }

        var proto = Header(headers, "x-forwarded-proto")?.Split(',')[0].Trim();
        var scheme = string.Equals(proto, "http", StringComparison.OrdinalIgnoreCase) ? "ws" : "wss";
        return $"{scheme}://{host}{_options.WebSocketUrl}";
    }

    /// <summary>A request header; API Gateway lowercases the names, other callers may not.</summary>
    private static string? Header(Dictionary<string, string?>? headers, string name) =>
        headers is null ? null
        : headers.TryGetValue(name, out var value) ? value
        : headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static HttpApiResponse Text(int statusCode, string message, string? webSocketUrl) =>
        Response(statusCode, "text/plain; charset=utf-8", "no-store", message, false, webSocketUrl);

    private static HttpApiResponse Response(int statusCode, string? contentType, string cacheControl, string body, bool isBase64Encoded, string? webSocketUrl)
    {
        var response = new HttpApiResponse { StatusCode = statusCode, Body = body, IsBase64Encoded = isBase64Encoded };
        if (contentType is not null)
        {
            response.Headers["Content-Type"] = contentType;
        }

        response.Headers["Cache-Control"] = cacheControl;
        response.Headers["Content-Security-Policy"] = ContentSecurityPolicy(webSocketUrl);
        response.Headers["X-Content-Type-Options"] = "nosniff";
        return response;
    }

    /// <summary>Scripts only from the page's origin; sockets back to it or to the configured chat origin only.</summary>
    private static string ContentSecurityPolicy(string? webSocketUrl)
    {
        var connect = webSocketUrl is not null && Uri.TryCreate(webSocketUrl, UriKind.Absolute, out var url)
            ? "'self' " + url.GetLeftPart(UriPartial.Authority)
            : "'self' ws: wss:";
        return $"default-src 'self'; connect-src {connect}; img-src 'self' data:; object-src 'none'; base-uri 'none'";
    }
}
