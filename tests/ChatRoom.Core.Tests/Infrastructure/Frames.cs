using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChatRoom.Core.Tests;

/// <summary>Assertions on the exact shape of outbound protocol frames.</summary>
internal static partial class Frames
{
    /// <summary>Asserts the object has exactly these property names, in any order.</summary>
    public static void AssertProperties(JsonElement element, params string[] names)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        var actual = element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToArray(), actual);
    }

    public static string String(JsonElement element, string property)
    {
        var value = element.GetProperty(property);
        Assert.Equal(JsonValueKind.String, value.ValueKind);
        return value.GetString()!;
    }

    public static long Int64(JsonElement element, string property)
    {
        var value = element.GetProperty(property);
        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        return value.GetInt64();
    }

    public static bool Boolean(JsonElement element, string property)
    {
        var value = element.GetProperty(property);
        Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"'{property}' is {value.ValueKind}, not a boolean.");
        return value.GetBoolean();
    }

    public static JsonElement[] Array(JsonElement element, string property)
    {
        var value = element.GetProperty(property);
        Assert.Equal(JsonValueKind.Array, value.ValueKind);
        return [.. value.EnumerateArray()];
    }

    /// <summary>Asserts a <c>{connectionId, name}</c> member object, with <c>"verified": true</c> exactly when <paramref name="verified"/>.</summary>
    public static void AssertMember(JsonElement member, string connectionId, string name, bool verified = false)
    {
        if (verified)
        {
            AssertProperties(member, "connectionId", "name", "verified");
            Assert.Equal(JsonValueKind.True, member.GetProperty("verified").ValueKind);
        }
        else
        {
            AssertProperties(member, "connectionId", "name");
        }

        Assert.Equal(connectionId, String(member, "connectionId"));
        Assert.Equal(name, String(member, "name"));
    }

    /// <summary>Asserts a complete <c>message</c> event and returns its seq.</summary>
    public static long AssertMessage(JsonElement message, string room, string senderConnectionId, string senderName, string text, string? clientMessageId = null)
    {
        if (clientMessageId is null)
        {
            AssertProperties(message, "type", "room", "seq", "id", "sender", "text", "sentAt");
        }
        else
        {
            AssertProperties(message, "type", "room", "seq", "id", "sender", "text", "sentAt", "clientMessageId");
            Assert.Equal(clientMessageId, String(message, "clientMessageId"));
        }

        Assert.Equal("message", String(message, "type"));
        Assert.Equal(room, String(message, "room"));
        var seq = Int64(message, "seq");
        Assert.True(seq >= 1, $"seq {seq} is not positive.");
        Assert.Matches(MessageId(), String(message, "id"));
        AssertMember(message.GetProperty("sender"), senderConnectionId, senderName);
        Assert.Equal(text, String(message, "text"));
        AssertUtcTimestamp(String(message, "sentAt"));
        return seq;
    }

    /// <summary>Asserts an ISO-8601 UTC timestamp ending in <c>Z</c>.</summary>
    public static DateTimeOffset AssertUtcTimestamp(string value)
    {
        Assert.EndsWith("Z", value, StringComparison.Ordinal);
        var parsed = DateTimeOffset.ParseExact(value, ["yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
        return parsed;
    }

    /// <summary>Asserts a <c>presence</c> event.</summary>
    public static void AssertPresence(JsonElement frame, string room, string presenceEvent, string connectionId, string name)
    {
        AssertProperties(frame, "type", "room", "event", "member");
        Assert.Equal("presence", String(frame, "type"));
        Assert.Equal(room, String(frame, "room"));
        Assert.Equal(presenceEvent, String(frame, "event"));
        AssertMember(frame.GetProperty("member"), connectionId, name);
    }

    /// <summary>Asserts an <c>error</c> event; <paramref name="action"/> and <paramref name="clientMessageId"/> must be absent when null.</summary>
    public static void AssertError(JsonElement frame, string code, string? action, string? clientMessageId = null)
    {
        var expected = new List<string> { "type", "code", "message" };
        if (action is not null)
        {
            expected.Add("action");
        }

        if (clientMessageId is not null)
        {
            expected.Add("clientMessageId");
        }

        AssertProperties(frame, [.. expected]);
        Assert.Equal("error", String(frame, "type"));
        Assert.Equal(code, String(frame, "code"));
        Assert.False(string.IsNullOrWhiteSpace(String(frame, "message")));
        if (action is not null)
        {
            Assert.Equal(action, String(frame, "action"));
        }

        if (clientMessageId is not null)
        {
            Assert.Equal(clientMessageId, String(frame, "clientMessageId"));
        }
    }

    /// <summary>Returns the seqs of the message events in an array property.</summary>
    public static long[] Seqs(JsonElement frame, string property = "messages") =>
        [.. Array(frame, property).Select(m => Int64(m, "seq"))];

    /// <summary>Asserts a reply states the range <paramref name="from"/>..<paramref name="to"/>, written after <c>messages</c> and before <c>hasMore</c>.</summary>
    public static void AssertRange(JsonElement reply, long from, long to)
    {
        Assert.Equal(from, Int64(reply, "from"));
        Assert.Equal(to, Int64(reply, "to"));
        var names = reply.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.IndexOf("messages") + 1, names.IndexOf("from"));
        Assert.Equal(names.IndexOf("from") + 1, names.IndexOf("to"));
        Assert.Equal(names.IndexOf("to") + 1, names.IndexOf("hasMore"));
    }

    /// <summary>Asserts a reply states no range: neither <c>from</c> nor <c>to</c>.</summary>
    public static void AssertNoRange(JsonElement reply)
    {
        Assert.False(reply.TryGetProperty("from", out _), "the reply has \"from\"");
        Assert.False(reply.TryGetProperty("to", out _), "the reply has \"to\"");
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex MessageId();
}
