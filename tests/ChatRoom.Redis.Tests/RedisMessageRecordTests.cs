using System.Text;
using System.Text.Json;
using ChatRoom.Redis.Internal;

namespace ChatRoom.Redis.Tests;

public sealed class RedisMessageRecordTests
{
    private static readonly NewChatMessage s_message = new()
    {
        Room = "lobby",
        Id = "m1",
        Sender = new() { ConnectionId = "c1", Name = "Zoë", UserId = "u1", IsAuthenticated = true },
        Text = "héllo \"there\"\n👋",
        SentAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
    };

    [Fact]
    public void SerializeWithoutSeq_AnyMessage_StartsWithTheIdSoTheScriptCanSpliceTheSeqInFront()
    {
        var json = Encoding.UTF8.GetString(RedisMessageRecord.SerializeWithoutSeq(s_message));

        Assert.StartsWith("""{"i":"m1",""", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"q\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"k\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SplicedRecord_ReturnsTheMessageWithItsSeqAndRoom()
    {
        var json = Encoding.UTF8.GetString(RedisMessageRecord.SerializeWithoutSeq(s_message with { ClientMessageId = "cm" }));
        var stored = """{"q":42,""" + json[1..];

        var message = RedisMessageRecord.Parse("lobby", Encoding.UTF8.GetBytes(stored));

        Assert.Equal((s_message with { ClientMessageId = "cm" }).WithSeq(42), message);
    }

    [Fact]
    public void Parse_RecordWithoutSeq_Throws()
    {
        Assert.Throws<JsonException>(() => RedisMessageRecord.Parse("lobby", RedisMessageRecord.SerializeWithoutSeq(s_message)));
    }
}
