using System.Text.Json.Serialization;

namespace ChatRoom.Redis.Internal;

/// <summary>Source-generated JSON for what the Redis stores keep: short names, defaults (false, null) omitted.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RedisMessageRecord))]
[JsonSerializable(typeof(RedisConnectionRecord))]
[JsonSerializable(typeof(RedisMemberRecord))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
