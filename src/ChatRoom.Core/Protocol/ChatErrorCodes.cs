namespace ChatRoom;

/// <summary>The <c>code</c> values of protocol v1 error frames.</summary>
public static class ChatErrorCodes
{
    /// <summary>Not JSON, not an object, no <c>action</c>, or a field of the wrong type.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>The <c>action</c> is not one the engine knows.</summary>
    public const string UnknownAction = "unknown_action";

    /// <summary>The room name is not 1–64 letters, digits, '-', '_' or '.'.</summary>
    public const string InvalidRoom = "invalid_room";

    /// <summary>The text is empty, too long, or has control characters other than newline and tab.</summary>
    public const string InvalidText = "invalid_text";

    /// <summary>The connection is not in the room it names.</summary>
    public const string NotAMember = "not_a_member";

    /// <summary>The connection is already in as many rooms as allowed.</summary>
    public const string TooManyRooms = "too_many_rooms";

    /// <summary>The connection sends faster than its rate limit.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The authorizer refused.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>A store failed; nothing was stored or sent, and the client may resend with the same client message id.</summary>
    public const string Unavailable = "unavailable";
}
