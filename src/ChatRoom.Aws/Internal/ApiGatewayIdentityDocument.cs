namespace ChatRoom.Aws.Internal;

/// <summary>The <c>identity</c> object of <c>GET @connections/{id}</c>.</summary>
internal sealed class ApiGatewayIdentityDocument
{
    public string? SourceIp { get; set; }

    public string? UserAgent { get; set; }
}
