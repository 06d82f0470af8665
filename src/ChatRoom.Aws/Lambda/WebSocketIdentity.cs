namespace ChatRoom.Aws;

/// <summary>The <c>requestContext.identity</c> of an API Gateway WebSocket proxy event.</summary>
public sealed class WebSocketIdentity
{
    /// <summary>Gets the client's IP address.</summary>
    public string? SourceIp { get; init; }

    /// <summary>Gets the client's user agent, when API Gateway reports it.</summary>
    public string? UserAgent { get; init; }
}
