namespace ChatRoom.Aws;

/// <summary>The <c>requestContext</c> of an API Gateway WebSocket proxy event.</summary>
public sealed class WebSocketRequestContext
{
    /// <summary>The <c>eventType</c> of a new connection.</summary>
    public const string Connect = "CONNECT";

    /// <summary>The <c>eventType</c> of a message from the client.</summary>
    public const string Message = "MESSAGE";

    /// <summary>The <c>eventType</c> of a closed connection.</summary>
    public const string Disconnect = "DISCONNECT";

    /// <summary>Gets the route that matched: <c>$connect</c>, <c>$disconnect</c>, <c>$default</c> or a custom route key.</summary>
    public string? RouteKey { get; init; }

    /// <summary>Gets <see cref="Connect"/>, <see cref="Message"/> or <see cref="Disconnect"/>.</summary>
    public string? EventType { get; init; }

    /// <summary>Gets the connection's id, e.g. <c>L0SM9cOFvHcCIhw=</c>; the <c>@connections</c> API takes it percent-encoded.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>Gets the host the client connected to (an execute-api host or a custom domain).</summary>
    public string? DomainName { get; init; }

    /// <summary>Gets the stage name.</summary>
    public string? Stage { get; init; }

    /// <summary>Gets the API id.</summary>
    public string? ApiId { get; init; }

    /// <summary>Gets the request id.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the message id, on <c>MESSAGE</c>.</summary>
    public string? MessageId { get; init; }

    /// <summary>Gets when the request arrived, in Unix milliseconds.</summary>
    public long? RequestTimeEpoch { get; init; }

    /// <summary>Gets when the connection was opened, in Unix milliseconds.</summary>
    public long? ConnectedAt { get; init; }

    /// <summary>Gets the WebSocket close code, on <c>DISCONNECT</c> (e.g. 1001; 1005 when the client sent none, 1006 when the connection dropped).</summary>
    public int? DisconnectStatusCode { get; init; }

    /// <summary>Gets the close reason, on <c>DISCONNECT</c>.</summary>
    public string? DisconnectReason { get; init; }

    /// <summary>Gets what API Gateway knows about the caller.</summary>
    public WebSocketIdentity? Identity { get; init; }
}
