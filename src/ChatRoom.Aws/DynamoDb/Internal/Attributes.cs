using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace ChatRoom.Aws.Internal;

/// <summary>Small helpers to read and write attribute values.</summary>
internal static class Attributes
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static string GetString(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.S is { } text ? text : throw new InvalidDataException($"Item attribute '{name}' is missing.");

    public static string? GetOptionalString(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    public static long GetNumber(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } number
            ? long.Parse(number, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"Item attribute '{name}' is missing.");

    public static Dictionary<string, AttributeValue> Key(string partitionKey, string sortKey) => new()
    {
        [TableKeys.PartitionKey] = S(partitionKey),
        [TableKeys.SortKey] = S(sortKey),
    };

    /// <summary>Whether an item's TTL has passed; DynamoDB deletes expired items only eventually, so reads check.</summary>
    public static bool IsExpired(this Dictionary<string, AttributeValue> item, DateTimeOffset now) =>
        item.TryGetValue(TableKeys.TimeToLive, out var ttl) && ttl.N is { } seconds
        && long.Parse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture) <= now.ToUnixTimeSeconds();
}
