namespace ChatRoom.Samples.AspNetCore;

/// <summary>Reads <c>ChatRoom:Storage</c>: <c>InMemory</c> (the default) or <c>DynamoDb</c>.</summary>
internal static class StorageChoice
{
    public static bool UsesDynamoDb(IConfigurationSection chatSection)
    {
        var storage = chatSection["Storage"];
        if (string.IsNullOrEmpty(storage) || string.Equals(storage, "InMemory", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return string.Equals(storage, "DynamoDb", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new InvalidOperationException($"ChatRoom:Storage is '{storage}'; use InMemory or DynamoDb.");
    }
}
