namespace ChatRoom.Samples.Lambda.Page;

/// <summary>The <c>requestContext.http</c> of an HTTP API event.</summary>
internal sealed class HttpApiRequestDescription
{
    /// <summary>Gets the request method, e.g. <c>GET</c>.</summary>
    public string? Method { get; init; }
}
