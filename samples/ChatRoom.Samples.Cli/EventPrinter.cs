using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatRoom.Client;

namespace ChatRoom.Samples.Cli;

/// <summary>Writes each event the library hands over: one JSON object per line, or <c>[room #seq] name: text</c>.</summary>
public sealed class EventPrinter(TextWriter output, TextWriter diagnostics, bool json)
{
    // Console output, not HTML: keep non-ASCII text readable; JSON still escapes what it must.
    private static readonly CliJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public void Print(ChatEvent e)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(ToLine(e), Context.JsonEventLine));
            return;
        }

        switch (e)
        {
            case ChatMessageEvent m:
                output.WriteLine($"[{m.Room} #{m.Seq}] {m.Sender.Name}: {m.Text}");
                break;
            case ChatPresenceEvent p:
                output.WriteLine($"[{p.Room}] * {p.Member.Name} {p.Event}");
                break;
            case ChatConnectionStateEvent s:
                diagnostics.WriteLine($"connection: {s.State.ToString().ToLowerInvariant()}{(s.Error is null ? "" : " (" + s.Error.Message + ")")}");
                break;
        }
    }

    private static JsonEventLine ToLine(ChatEvent e) => e switch
    {
        ChatMessageEvent m => new JsonEventLine
        {
            Type = "message",
            Room = m.Room,
            Seq = m.Seq,
            Id = m.Id,
            Sender = ToMember(m.Sender),
            Text = m.Text,
            SentAt = m.SentAt.UtcDateTime,
            ClientMessageId = m.ClientMessageId,
        },
        ChatPresenceEvent p => new JsonEventLine { Type = "presence", Room = p.Room, Event = p.Event, Member = ToMember(p.Member) },
        ChatTypingEvent t => new JsonEventLine { Type = "typing", Room = t.Room, Member = ToMember(t.Member) },
        ChatConnectionStateEvent s => new JsonEventLine { Type = "connection", State = s.State.ToString().ToLowerInvariant(), Error = s.Error?.Message },
        _ => new JsonEventLine { Type = "unknown" },
    };

    private static JsonMember ToMember(ChatMember member) =>
        new() { ConnectionId = member.ConnectionId, Name = member.Name, Verified = member.Verified ? true : null };
}
