using System.Text.Json;
using System.Text.Unicode;

namespace ChatRoom.Internal;

/// <summary>Parses inbound frames in one pass, turning every malformed input into a <c>bad_request</c> value.</summary>
/// <remarks>
/// One reader over the frame fills every field and, when the frame is bad, still picks up what the error reply echoes
/// (<c>action</c> and <c>clientMessageId</c>, when they are non-empty strings), so a bad frame is neither thrown nor
/// read twice. Property names are case-sensitive, the last of a repeated property wins, unknown properties are skipped,
/// and numbers are strict (an integer in range: <c>1.5</c> or <c>"5"</c> fail the frame). The only exception caught is
/// the reader's, for text that is not JSON at all.
/// </remarks>
internal static class InboundFrameParser
{
    // The names are case-sensitive; the most frequent come first.
    private static readonly (byte[] Name, Field Field)[] s_fields =
    [
        ("action"u8.ToArray(), Field.Action),
        ("room"u8.ToArray(), Field.Room),
        ("text"u8.ToArray(), Field.Text),
        ("clientMessageId"u8.ToArray(), Field.ClientMessageId),
        ("since"u8.ToArray(), Field.Since),
        ("before"u8.ToArray(), Field.Before),
        ("limit"u8.ToArray(), Field.Limit),
        ("after"u8.ToArray(), Field.After),
        ("data"u8.ToArray(), Field.Data),
    ];

    private static readonly System.Buffers.SearchValues<char> s_quotedInPaths = System.Buffers.SearchValues.Create(".'/\"[]()\t\n\r\f\b\\\u0085\u2028\u2029");

    /// <summary>Parses a frame.</summary>
    /// <param name="utf8Frame">The frame as received.</param>
    /// <param name="frame">The frame; when it is bad, only the action and client message id it carried, for the error reply.</param>
    /// <param name="error">Why the frame is bad, when it is.</param>
    /// <returns><see langword="true"/> when the frame is a JSON object with an action and fields of the right types.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Frame, out InboundFrame frame, out ChatError error)
    {
        // The reader does not check the bytes of values it skips, so validate the whole frame up front: a frame that
        // is not UTF-8 is not JSON, wherever the bad bytes are.
        ChatError? problem = Utf8.IsValid(utf8Frame) ? null : BadRequest("The frame is not valid UTF-8.");
        var parsed = new InboundFrame();
        var echo = new InboundFrame();
        var reader = new Utf8JsonReader(utf8Frame);
        ReadOnlySpan<byte> property = default;
        var isNull = false;
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                isNull = true;
            }
            else if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(problem ?? NotAnObject(), new InboundFrame(), out frame, out error);
            }
            else
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.ValueSpan;
                    var escaped = reader.ValueIsEscaped;
                    var field = FieldOf(ref reader);
                    reader.Read();
                    if (!ReadValue(ref reader, field, parsed, echo) && problem is null)
                    {
                        problem = WrongType(property, escaped);
                    }

                    property = default;
                }
            }

            // Anything after the root value fails the frame.
            reader.Read();
        }
        catch (JsonException)
        {
            // Not JSON: nothing in it can be trusted, so nothing is echoed.
            return Fail(problem ?? (property.IsEmpty ? NotAnObject() : WrongType(property, escaped: true)), new InboundFrame(), out frame, out error);
        }

        if (problem is { } bad)
        {
            return Fail(bad, echo, out frame, out error);
        }

        if (isNull)
        {
            return Fail(BadRequest("The frame must be a JSON object, not null."), new InboundFrame(), out frame, out error);
        }

        if (string.IsNullOrEmpty(parsed.Action))
        {
            return Fail(BadRequest("The frame has no \"action\"."), echo, out frame, out error);
        }

        frame = parsed;
        error = default;
        return true;
    }

    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        foreach (var (name, field) in s_fields)
        {
            if (reader.TextEquals(name))
            {
                return field;
            }
        }

        return Field.Unknown;
    }

    /// <summary>Reads the value the reader is on into the field; <paramref name="echo"/> keeps what an error reply may echo.</summary>
    /// <returns><see langword="false"/> when the value has the wrong type for the field.</returns>
    private static bool ReadValue(ref Utf8JsonReader reader, Field field, InboundFrame parsed, InboundFrame echo)
    {
        bool ok;
        switch (field)
        {
            case Field.Action or Field.ClientMessageId or Field.Room or Field.Text or Field.Data:
                ok = TryReadString(ref reader, out var text);
                SetString(field, parsed, echo, ok, text);
                return ok;

            case Field.Since or Field.Before:
                ok = TryReadInt64(ref reader, out var seq);
                if (field == Field.Since)
                {
                    parsed.Since = seq;
                }
                else
                {
                    parsed.Before = seq;
                }

                return ok;

            case Field.Limit:
                ok = TryReadInt64(ref reader, out var limit) && limit is null or (>= int.MinValue and <= int.MaxValue);
                parsed.Limit = ok ? (int?)limit : null;
                return ok;

            case Field.After:
                return TryReadCursor(ref reader, parsed);

            default:
                reader.Skip();
                return true;
        }
    }

    private static void SetString(Field field, InboundFrame parsed, InboundFrame echo, bool ok, string? value)
    {
        switch (field)
        {
            case Field.Action:
                parsed.Action = value;
                echo.Action = EchoOf(ok, value);
                break;
            case Field.ClientMessageId:
                parsed.ClientMessageId = value;
                echo.ClientMessageId = EchoOf(ok, value);
                break;
            case Field.Room:
                parsed.Room = value;
                break;
            case Field.Text:
                parsed.Text = value;
                break;
            default:
                parsed.Data = value;
                break;
        }
    }

    private static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                return TryGetString(ref reader, out value);
            default:
                reader.Skip();
                return false;
        }
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string? value)
    {
        try
        {
            value = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape ("\ud800"): not text.
            value = null;
            return false;
        }
    }

    private static bool TryReadInt64(ref Utf8JsonReader reader, out long? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                value = number;
                return true;
            default:
                reader.Skip();
                return false;
        }
    }

    /// <summary>Reads <c>after</c>: a string (a connection id) or an integer (a seq).</summary>
    private static bool TryReadCursor(ref Utf8JsonReader reader, InboundFrame parsed)
    {
        parsed.After = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String when TryGetString(ref reader, out var connectionId):
                parsed.After = InboundCursor.FromConnectionId(connectionId!);
                return true;
            case JsonTokenType.Number when reader.TryGetInt64(out var seq):
                parsed.After = InboundCursor.FromSeq(seq);
                return true;
            default:
                reader.Skip();
                return false;
        }
    }

    /// <summary>What an error reply echoes of a field: non-empty text only.</summary>
    private static string? EchoOf(bool ok, string? value) => ok && !string.IsNullOrEmpty(value) ? value : null;

    private static bool Fail(ChatError problem, InboundFrame echo, out InboundFrame frame, out ChatError error)
    {
        frame = echo;
        error = problem;
        return false;
    }

    private static ChatError BadRequest(string message) => new(ChatErrorCodes.BadRequest, message);

    private static ChatError NotAnObject() => BadRequest("The frame must be a JSON object.");

    private static ChatError WrongType(ReadOnlySpan<byte> property, bool escaped) =>
        BadRequest($"The frame is not valid protocol JSON: the value at '{PathOf(property, escaped)}' has the wrong type or is malformed.");

    /// <summary>The JSON path of a top-level property, written as System.Text.Json writes it (<c>$.room</c>, <c>$['a.b']</c>).</summary>
    private static string PathOf(ReadOnlySpan<byte> property, bool escaped)
    {
        var name = System.Text.Encoding.UTF8.GetString(property);
        if (escaped)
        {
            var quoted = System.Text.Encoding.UTF8.GetBytes("\"" + name + "\"");
            var unescaper = new Utf8JsonReader(quoted);
            unescaper.Read();
            name = TryGetString(ref unescaper, out var unescaped) ? unescaped! : name;
        }

        return name.AsSpan().IndexOfAny(s_quotedInPaths) >= 0
            ? $"$['{name.Replace("'", "\\'", StringComparison.Ordinal)}']"
            : $"$.{name}";
    }

    private enum Field
    {
        Unknown,
        Action,
        Room,
        Text,
        Data,
        ClientMessageId,
        Since,
        Before,
        Limit,
        After,
    }
}
