using System.Text.Json;

namespace ChatRoom.Internal;

/// <summary>Parses inbound frames, turning every malformed input into a <c>bad_request</c>.</summary>
internal static class InboundFrameParser
{
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
            return null;
        }
    }

    public static InboundFrame Parse(ReadOnlySpan<byte> utf8Frame)
    {
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

    private static string DescribeJsonError(JsonException ex) => ex.Path is { Length: > 1 } path
        ? $"The frame is not valid protocol JSON: the value at '{path}' has the wrong type or is malformed."
        : "The frame must be a JSON object.";
}
