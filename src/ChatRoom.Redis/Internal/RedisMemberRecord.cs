using System.Text.Json.Serialization;

namespace ChatRoom.Redis.Internal;

/// <summary>A <see cref="ChatMember"/> as the Redis stores keep it: <c>{"c":id,"n":name,"u":user,"a":true}</c>, <c>a</c> only when authenticated.</summary>
internal sealed class RedisMemberRecord
{
    [JsonPropertyName("c")]
    public required string ConnectionId { get; init; }

    [JsonPropertyName("n")]
    public required string Name { get; init; }

    [JsonPropertyName("u")]
    public required string UserId { get; init; }

    [JsonPropertyName("a")]
    public bool IsAuthenticated { get; init; }

    public static RedisMemberRecord From(ChatMember member) => new()
    {
        ConnectionId = member.ConnectionId,
        Name = member.Name,
        UserId = member.UserId,
        IsAuthenticated = member.IsAuthenticated,
    };

    public ChatMember ToMember() => new()
    {
        ConnectionId = ConnectionId,
        Name = Name,
        UserId = UserId,
        IsAuthenticated = IsAuthenticated,
    };
}
