using System.Text.Json;
using System.Text.Unicode;

namespace ChatRoom.Internal;

/// <summary>Parses inbound frames, turning every malformed input into a <c>bad_request</c>.</summary>
internal static class InboundFrameParser
{
    /// <summary>Parses a frame; on failure, returns what could be salvaged for the error reply (action, client message id).</summary>
    public static InboundFrame? TryParse(ReadOnlySpan<byte> utf8Frame, out ChatProtocolException? error)
    {
        try
        {
            error = null;
            return Parse(utf8Frame);
        }
        catch (ChatProtocolException ex)
        {
            error = ex;
            return Salvage(utf8Frame);
        }
    }

    public static InboundFrame Parse(ReadOnlySpan<byte> utf8Frame)
    {
        // The serializer skips unknown properties without checking their bytes, so validate the whole frame up front:
        // a frame that is not UTF-8 is not JSON, wherever the bad bytes are.
        if (!Utf8.IsValid(utf8Frame))
        {
            throw new ChatProtocolException(ChatErrorCodes.BadRequest, "The frame is not valid UTF-8.");
        }

        InboundFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(utf8Frame, ProtocolJsonContext.Default.InboundFrame);
        }
        catch (JsonException ex)
        {
            throw new ChatProtocolException(ChatErrorCodes.BadRequest, DescribeJsonError(ex));
        }

        if (frame is null)
        {
            throw new ChatProtocolException(ChatErrorCodes.BadRequest, "The frame must be a JSON object, not null.");
        }

        if (string.IsNullOrEmpty(frame.Action))
        {
            throw new ChatProtocolException(ChatErrorCodes.BadRequest, "The frame has no \"action\".");
        }

        return frame;
    }

    /// <summary>Reads just <c>action</c> and <c>clientMessageId</c> from a frame whose other fields are wrong, so the client can tell which request failed.</summary>
    private static InboundFrame? Salvage(ReadOnlySpan<byte> utf8Frame)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Frame.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new InboundFrame
            {
                Action = StringProperty(document.RootElement, "action"),
                ClientMessageId = StringProperty(document.RootElement, "clientMessageId"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringProperty(JsonElement frame, string name)
    {
        if (!frame.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape ("\ud800"): not text, so nothing to echo.
            return null;
        }
    }

    private static string DescribeJsonError(JsonException ex) => ex.Path is { Length: > 1 } path
        ? $"The frame is not valid protocol JSON: the value at '{path}' has the wrong type or is malformed."
        : "The frame must be a JSON object.";
}
