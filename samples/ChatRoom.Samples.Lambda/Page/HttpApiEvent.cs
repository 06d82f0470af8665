namespace ChatRoom.Samples.Lambda.Page;

/// <summary>The fields of an API Gateway HTTP API event (payload format 2.0) that the page needs; the rest are ignored.</summary>
internal sealed class HttpApiEvent
{
    /// <summary>Gets the payload format, <c>2.0</c>.</summary>
    public string? Version { get; init; }

    /// <summary>Gets the request path without the query string, e.g. <c>/app.js</c>.</summary>
    public string? RawPath { get; init; }

    /// <summary>Gets the request headers; API Gateway lowercases their names and joins repeated ones with commas.</summary>
    public Dictionary<string, string?>? Headers { get; init; }

    /// <summary>Gets what API Gateway knows about the request, including its method.</summary>
    public HttpApiRequestContext? RequestContext { get; init; }
}
