namespace ChatRoom.Samples.Lambda.Page;

/// <summary>The <c>requestContext</c> of an HTTP API event: only its <c>http</c> part is read.</summary>
internal sealed class HttpApiRequestContext
{
    /// <summary>Gets the HTTP request's method, path and protocol.</summary>
    public HttpApiRequestDescription? Http { get; init; }
}
