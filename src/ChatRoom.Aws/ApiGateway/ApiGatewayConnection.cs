namespace ChatRoom.Aws;

/// <summary>What API Gateway knows about one WebSocket connection (the management API's <c>GET @connections/{id}</c>).</summary>
/// <param name="ConnectionId">The connection id that was asked about.</param>
/// <param name="ConnectedAt">When the client connected.</param>
/// <param name="LastActiveAt">When API Gateway last saw traffic on the connection.</param>
/// <param name="SourceIp">The client's source IP address, when reported.</param>
/// <param name="UserAgent">The client's user agent, when reported.</param>
public sealed record ApiGatewayConnection(
    string ConnectionId,
    DateTimeOffset ConnectedAt,
    DateTimeOffset LastActiveAt,
    string? SourceIp,
    string? UserAgent);
