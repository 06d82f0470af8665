using System.Text;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>Close frames: the status for a refused connection, and a description that fits the frame.</summary>
internal static class CloseReason
{
    /// <summary>The close status for a connection refused as unauthenticated: 4401, like HTTP 401 in the application range.</summary>
    public const System.Net.WebSockets.WebSocketCloseStatus Unauthenticated = (System.Net.WebSockets.WebSocketCloseStatus)4401;

    /// <summary>
    /// The close status for a connection whose registration is gone (it expired while storage was unreachable, or it was
    /// removed): 4410, like HTTP 410. The client reconnects and recovers with <c>since</c>.
    /// </summary>
    public const System.Net.WebSockets.WebSocketCloseStatus RegistrationLost = (System.Net.WebSockets.WebSocketCloseStatus)4410;

    /// <summary>A close frame's description holds at most 123 bytes of UTF-8.</summary>
    public const int MaxBytes = 123;

    /// <summary>Cuts a description to 123 UTF-8 bytes at a character boundary, ending with "…" when cut.</summary>
    public static string? Fit(string? description)
    {
        if (description is null || Encoding.UTF8.GetByteCount(description) <= MaxBytes)
        {
            return description;
        }

        const char Ellipsis = '…';
        var budget = MaxBytes - Encoding.UTF8.GetByteCount([Ellipsis]);
        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in description.EnumerateRunes())
        {
            used += rune.Utf8SequenceLength;
            if (used > budget)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.Append(Ellipsis).ToString();
    }
}
