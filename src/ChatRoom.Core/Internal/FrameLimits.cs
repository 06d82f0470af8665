namespace ChatRoom.Internal;

/// <summary>The sizes frames can reach on the wire, so that every frame fits the messenger's largest.</summary>
internal static class FrameLimits
{
    /// <summary>
    /// An upper bound on every field of a <c>message</c> event but its text: the keys, the room (64 ASCII characters),
    /// ids, the sender's name (32 UTF-16 code units), a client message id (64 code units, each at most a 6-byte
    /// escape) and the time. Connection ids are the host's, a few dozen characters on every host there is.
    /// </summary>
    public const int MessageEnvelopeBytes = 2048;

    /// <summary>The most bytes one UTF-16 code unit of message text takes: 3 for a character of the basic plane (4 for a surrogate pair of 2), 2 for an escaped newline or tab.</summary>
    public const int BytesPerTextUnit = 3;

    /// <summary>
    /// Room left in a reply for what surrounds its lists: the type, the room, the joiner's own member view and the
    /// flags. Generous on purpose: the lists are fitted to what is left after the real envelope is measured.
    /// </summary>
    public const int ReplyEnvelopeBytes = 1024;

    /// <summary>The largest <c>message</c> event a text of <paramref name="maxMessageLength"/> code units can make.</summary>
    public static long LargestMessageEvent(int maxMessageLength) => MessageEnvelopeBytes + (long)BytesPerTextUnit * maxMessageLength;

    /// <summary>
    /// The largest message event a messenger with frames of <paramref name="maxFrameBytes"/> can carry in every reply:
    /// a <c>joined</c> reply gives its member list at most half of the frame, so one message always fits beside it.
    /// </summary>
    public static long LargestMessageEventAllowed(int maxFrameBytes) => (maxFrameBytes / 2) - ReplyEnvelopeBytes;

    /// <summary>The longest message text (in UTF-16 code units) a messenger with frames of <paramref name="maxFrameBytes"/> allows.</summary>
    public static long LongestMessageAllowed(int maxFrameBytes) =>
        Math.Max(0, (LargestMessageEventAllowed(maxFrameBytes) - MessageEnvelopeBytes) / BytesPerTextUnit);
}
