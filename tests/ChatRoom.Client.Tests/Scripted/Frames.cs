using System.Text.Json.Nodes;

namespace ChatRoom.Client.Tests.Scripted;

/// <summary>Server frames in the protocol's shape, for scripted replies.</summary>
public static class Frames
{
    public static JsonObject Member(string connectionId) => new() { ["connectionId"] = connectionId, ["name"] = connectionId };

    public static JsonObject Message(string room, long seq, string sender = "other", string? clientMessageId = null)
    {
        var message = new JsonObject
        {
            ["type"] = "message",
            ["room"] = room,
            ["seq"] = seq,
            ["id"] = "id-" + seq,
            ["sender"] = Member(sender),
            ["text"] = "text " + seq,
            ["sentAt"] = "2026-12-07T00:00:00.000Z",
        };
        if (clientMessageId is not null)
        {
            message["clientMessageId"] = clientMessageId;
        }

        return message;
    }

    public static JsonObject Joined(string room, string you, long[] seqs, long? from = null, long? to = null, bool hasMore = false)
    {
        var joined = new JsonObject
        {
            ["type"] = "joined",
            ["room"] = room,
            ["you"] = Member(you),
            ["members"] = new JsonArray(Member(you)),
            ["messages"] = new JsonArray(seqs.Select(seq => (JsonNode)Message(room, seq)).ToArray()),
        };
        Range(joined, from, to, hasMore);
        return joined;
    }

    public static JsonObject History(string room, long[] seqs, long? from, long? to, bool hasMore = false)
    {
        var history = new JsonObject
        {
            ["type"] = "history",
            ["room"] = room,
            ["messages"] = new JsonArray(seqs.Select(seq => (JsonNode)Message(room, seq)).ToArray()),
        };
        Range(history, from, to, hasMore);
        return history;
    }

    public static JsonObject Error(string code, string action, string? clientMessageId = null)
    {
        var error = new JsonObject { ["type"] = "error", ["code"] = code, ["message"] = code + " (scripted)", ["action"] = action };
        if (clientMessageId is not null)
        {
            error["clientMessageId"] = clientMessageId;
        }

        return error;
    }

    private static void Range(JsonObject reply, long? from, long? to, bool hasMore)
    {
        if (from is not null)
        {
            reply["from"] = from;
            reply["to"] = to;
        }

        reply["hasMore"] = hasMore;
    }
}
