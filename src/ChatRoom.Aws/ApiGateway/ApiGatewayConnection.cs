namespace ChatRoom.Aws;

/// <summary>What API Gateway knows about one WebSocket connection (the management API's <c>GET @connections/{id}</c>).</summary>
public sealed record ApiGatewayConnection
{
    /// <summary>Gets the connection id that was asked about.</summary>
    public required string ConnectionId { get; init; }

    /// <summary>Gets when the client connected.</summary>
    public required DateTimeOffset ConnectedAt { get; init; }

    /// <summary>Gets when API Gateway last saw traffic on the connection.</summary>
    public required DateTimeOffset LastActiveAt { get; init; }

    /// <summary>Gets the client's source IP address, when reported.</summary>
    public string? SourceIp { get; init; }

    /// <summary>Gets the client's user agent, when reported.</summary>
    public string? UserAgent { get; init; }
}
