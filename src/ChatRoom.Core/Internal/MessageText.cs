namespace ChatRoom.Internal;

/// <summary>Message text: not blank, not too long, no control characters other than newline and tab.</summary>
internal static class MessageText
{
    public static string? FindProblem(string text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Message text is empty.";
        }

        if (text.Length > maxLength)
        {
            return $"Message text is {text.Length} characters; the limit is {maxLength}.";
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\t'))
            {
                return "Message text contains a control character; only newline and tab are allowed.";
            }
        }

        return null;
    }
}
