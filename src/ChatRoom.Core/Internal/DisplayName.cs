using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChatRoom.Internal;

/// <summary>
/// Display names: trimmed, 1–32 characters, no control, format (zero-width, bidi override, …) or line/paragraph
/// separator characters, no lone surrogates; otherwise a random guest name.
/// </summary>
/// <remarks>Invisible and direction-changing characters would let a name hide or impersonate another one.</remarks>
internal static class DisplayName
{
    public const int MaxLength = 32;
    public const string Rule = "1-32 characters without control, format or separator characters and without surrounding white space";
    private const string GuestAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string FromRequest(string? requested)
    {
        var trimmed = requested?.Trim();
        return IsValid(trimmed) ? trimmed! : NewGuestName();
    }

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.Trim().Length == name.Length && HasOnlyVisibleText(name);

    public static string NewGuestName() => "guest-" + new string(RandomNumberGenerator.GetItems<char>(GuestAlphabet, 4));

    private static bool HasOnlyVisibleText(ReadOnlySpan<char> name)
    {
        while (!name.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(name, out var rune, out var consumed) != OperationStatus.Done
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }

            name = name[consumed..];
        }

        return true;
    }
}
