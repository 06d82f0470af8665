namespace ChatRoom.Samples.Lambda.Events;

/// <summary>The <c>requestContext.identity</c> of an API Gateway WebSocket proxy event.</summary>
public sealed class WebSocketIdentity
{
    /// <summary>Gets or sets the client's IP address.</summary>
    public string? SourceIp { get; set; }

    /// <summary>Gets or sets the client's user agent, when API Gateway reports it.</summary>
    public string? UserAgent { get; set; }
}
