namespace ChatRoom.Client.Internal;

/// <summary>A member as the server writes it: <c>{"connectionId":"…","name":"…","verified":true}</c>.</summary>
internal sealed class ServerMember
{
    public string? ConnectionId { get; set; }

    public string? Name { get; set; }

    public bool? Verified { get; set; }
}
