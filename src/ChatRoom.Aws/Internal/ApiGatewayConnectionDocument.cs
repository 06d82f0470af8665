namespace ChatRoom.Aws.Internal;

/// <summary>The body of <c>GET @connections/{id}</c>: ISO 8601 timestamps and the caller's identity.</summary>
internal sealed class ApiGatewayConnectionDocument
{
    public DateTimeOffset ConnectedAt { get; set; }

    public DateTimeOffset LastActiveAt { get; set; }

    public ApiGatewayIdentityDocument? Identity { get; set; }
}
