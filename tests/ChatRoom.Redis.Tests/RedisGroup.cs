namespace ChatRoom.Redis.Tests;

/// <summary>One redis-server shared by the test classes that need no server of their own (each uses a key prefix of its own).</summary>
[CollectionDefinition(Name)]
public sealed class RedisGroup : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
