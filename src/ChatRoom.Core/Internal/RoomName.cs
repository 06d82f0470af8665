namespace ChatRoom.Internal;

/// <summary>Room names: 1–64 ASCII letters, digits, '-', '_' or '.', safe in URLs and storage keys.</summary>
internal static class RoomName
{
    public const int MaxLength = 64;
    public const string Rule = "1-64 characters of letters, digits, '-', '_' or '.'";

    public static bool IsValid(string? room)
    {
        if (string.IsNullOrEmpty(room) || room.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in room)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
