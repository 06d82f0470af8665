namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Reads <c>ChatRoom:Storage</c> (<c>InMemory</c>, the default; <c>DynamoDb</c>; <c>Redis</c>) and
/// <c>ChatRoom:Backplane</c> (<c>Redis</c>, for several nodes on DynamoDB; <c>Storage=Redis</c> has it built in).
/// </summary>
internal sealed record StorageChoice(SampleStorage Storage, bool RedisBackplane)
{
    public static StorageChoice From(IConfigurationSection chatSection)
    {
        var storage = chatSection["Storage"] switch
        {
            null or "" => SampleStorage.InMemory,
            var s when Enum.TryParse<SampleStorage>(s, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
            var s => throw new InvalidOperationException($"ChatRoom:Storage is '{s}'; use InMemory, DynamoDb or Redis."),
        };

        var backplane = chatSection["Backplane"];
        if (string.IsNullOrEmpty(backplane) || string.Equals(backplane, "None", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageChoice(storage, RedisBackplane: false);
        }

        if (!string.Equals(backplane, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"ChatRoom:Backplane is '{backplane}'; use Redis or leave it out.");
        }

        return storage == SampleStorage.DynamoDb
            ? new StorageChoice(storage, RedisBackplane: true)
            : throw new InvalidOperationException(
                "ChatRoom:Backplane=Redis goes with ChatRoom:Storage=DynamoDb: in-memory stores cannot be shared between nodes, and Storage=Redis has its backplane built in.");
    }
}
