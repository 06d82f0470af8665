using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatRoom.Redis.Internal;

/// <summary>
/// A <see cref="ConnectionInfo"/> as the connection store keeps it in <see cref="RedisKeys.Connection"/>:
/// <c>{"m":member,"t":connectedAt,"g":[granted rooms]}</c>, the time in Unix milliseconds, <c>g</c> only when there are grants.
/// </summary>
internal sealed class RedisConnectionRecord
{
    [JsonPropertyName("m")]
    public required RedisMemberRecord Member { get; init; }

    [JsonPropertyName("t")]
    public long ConnectedAt { get; init; }

    /// <summary>Gets the granted rooms in their order (a JSON array keeps it), or <see langword="null"/> for none.</summary>
    [JsonPropertyName("g")]
    public IReadOnlyList<string>? GrantedRooms { get; init; }

    public static byte[] Serialize(ConnectionInfo connection) => JsonSerializer.SerializeToUtf8Bytes(
        new RedisConnectionRecord
        {
            Member = RedisMemberRecord.From(connection.Member),
            ConnectedAt = connection.ConnectedAt.ToUnixTimeMilliseconds(),
            GrantedRooms = connection.GrantedRooms.Count > 0 ? connection.GrantedRooms : null,
        },
        RedisJsonContext.Default.RedisConnectionRecord);

    public static ConnectionInfo Parse(ReadOnlySpan<byte> utf8Json)
    {
        var record = JsonSerializer.Deserialize(utf8Json, RedisJsonContext.Default.RedisConnectionRecord)
            ?? throw new JsonException("A connection record is null.");
        return new ConnectionInfo
        {
            Member = record.Member.ToMember(),
            ConnectedAt = DateTimeOffset.FromUnixTimeMilliseconds(record.ConnectedAt),
            GrantedRooms = record.GrantedRooms ?? [],
        };
    }
}
