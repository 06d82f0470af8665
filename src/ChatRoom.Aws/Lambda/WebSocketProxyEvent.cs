namespace ChatRoom.Aws;

/// <summary>An API Gateway WebSocket proxy event (<c>AWS_PROXY</c> integration): <c>$connect</c>, <c>$disconnect</c> or a message route.</summary>
/// <remarks>
/// Only the fields a chat host needs are modelled; unknown properties are ignored and every property may be missing or
/// <see langword="null"/>. <c>headers</c> and <c>queryStringParameters</c> arrive on <c>CONNECT</c> only, <c>body</c> on
/// <c>MESSAGE</c> only.
/// </remarks>
public sealed class WebSocketProxyEvent
{
    /// <summary>Gets what API Gateway knows about the connection and this request.</summary>
    public WebSocketRequestContext? RequestContext { get; init; }

    /// <summary>Gets the upgrade request's headers (first value per name), on <c>CONNECT</c>.</summary>
    public IReadOnlyDictionary<string, string?>? Headers { get; init; }

    /// <summary>Gets the upgrade request's headers with every value, on <c>CONNECT</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string?>?>? MultiValueHeaders { get; init; }

    /// <summary>Gets the upgrade request's query string parameters (last value per name), on <c>CONNECT</c>.</summary>
    public IReadOnlyDictionary<string, string?>? QueryStringParameters { get; init; }

    /// <summary>Gets the message the client sent, on <c>MESSAGE</c>; base64 when <see cref="IsBase64Encoded"/>.</summary>
    public string? Body { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Body"/> is base64 (binary frames); <see langword="null"/> means no.</summary>
    public bool? IsBase64Encoded { get; init; }

    /// <summary>Gets the authorizer event type (<c>REQUEST</c>); set on authorizer events only, never on proxy events.</summary>
    public string? Type { get; init; }

    /// <summary>Gets the method ARN; set on authorizer events only, never on proxy events.</summary>
    public string? MethodArn { get; init; }
}
