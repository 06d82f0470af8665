using System.Buffers.Binary;
using System.Text;

namespace ChatRoom.Redis.Internal;

/// <summary>What travels on a room channel and a node channel, one byte of kind first.</summary>
/// <remarks>
/// A room channel carries <c>F</c> (frames the engine published: for each, the excluded connection id and the frame,
/// each length-prefixed) and <c>M</c> (a message the store's append script published: its record). A node channel
/// carries <c>S</c> (a frame for one of the node's connections) and <c>C</c> (a close).
/// </remarks>
internal static class BackplaneEnvelope
{
    public const byte Frames = (byte)'F';
    public const byte Message = (byte)'M';
    public const byte Send = (byte)'S';
    public const byte Close = (byte)'C';

    public static byte[] EncodeFrames(IReadOnlyList<RoomFrame> frames)
    {
        var length = 1;
        foreach (var frame in frames)
        {
            length += 8 + Encoding.ASCII.GetByteCount(frame.ExceptConnectionId ?? string.Empty) + frame.Utf8Frame.Length;
        }

        var payload = new byte[length];
        payload[0] = Frames;
        var offset = 1;
        foreach (var frame in frames)
        {
            offset = WriteString(payload, offset, frame.ExceptConnectionId);
            offset = WriteBytes(payload, offset, frame.Utf8Frame.Span);
        }

        return payload;
    }

    /// <summary>Reads an <c>F</c> payload.</summary>
    /// <exception cref="FormatException">The payload is not a well-formed <c>F</c> payload.</exception>
    public static List<RoomFrame> DecodeFrames(ReadOnlyMemory<byte> payload)
    {
        var frames = new List<RoomFrame>();
        var offset = 1;
        while (offset < payload.Length)
        {
            var except = ReadString(payload.Span, ref offset);
            var frame = ReadBytes(payload, ref offset);
            frames.Add(new RoomFrame { Utf8Frame = frame, ExceptConnectionId = except });
        }

        return frames;
    }

    public static byte[] EncodeSend(string connectionId, ReadOnlySpan<byte> frame)
    {
        var payload = new byte[1 + 4 + Encoding.ASCII.GetByteCount(connectionId) + frame.Length];
        payload[0] = Send;
        var offset = WriteString(payload, 1, connectionId);
        frame.CopyTo(payload.AsSpan(offset));
        return payload;
    }

    public static byte[] EncodeClose(string connectionId)
    {
        var payload = new byte[1 + 4 + Encoding.ASCII.GetByteCount(connectionId)];
        payload[0] = Close;
        WriteString(payload, 1, connectionId);
        return payload;
    }

    /// <summary>Reads an <c>S</c> or <c>C</c> payload: the connection id, and the frame (empty for a close).</summary>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public static (string ConnectionId, ReadOnlyMemory<byte> Frame) DecodeForConnection(ReadOnlyMemory<byte> payload)
    {
        var offset = 1;
        var connectionId = ReadString(payload.Span, ref offset) ?? throw new FormatException("The payload names no connection.");
        return (connectionId, payload[offset..]);
    }

    private static int WriteString(byte[] payload, int offset, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(offset), -1);
            return offset + 4;
        }

        var written = Encoding.ASCII.GetBytes(value, payload.AsSpan(offset + 4));
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(offset), written);
        return offset + 4 + written;
    }

    private static int WriteBytes(byte[] payload, int offset, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(offset), value.Length);
        value.CopyTo(payload.AsSpan(offset + 4));
        return offset + 4 + value.Length;
    }

    private static string? ReadString(ReadOnlySpan<byte> payload, ref int offset)
    {
        var length = ReadLength(payload, ref offset, allowNone: true);
        if (length < 0)
        {
            return null;
        }

        var value = Encoding.ASCII.GetString(payload.Slice(offset, length));
        offset += length;
        return value;
    }

    private static ReadOnlyMemory<byte> ReadBytes(ReadOnlyMemory<byte> payload, ref int offset)
    {
        var length = ReadLength(payload.Span, ref offset, allowNone: false);
        var value = payload.Slice(offset, length);
        offset += length;
        return value;
    }

    private static int ReadLength(ReadOnlySpan<byte> payload, ref int offset, bool allowNone)
    {
        if (payload.Length - offset < 4)
        {
            throw new FormatException("The payload ends inside a length.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(payload[offset..]);
        offset += 4;
        if ((length < 0 && !(allowNone && length == -1)) || length > payload.Length - offset)
        {
            throw new FormatException("The payload has a length that does not fit it.");
        }

        return length;
    }
}
