using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChatRoom.Internal;

/// <summary>
/// Display names: trimmed, 1–32 characters, at least one visible character (a letter, number, punctuation or symbol);
/// no control, format (zero-width, bidi override, …) or line/paragraph separator characters, no lone surrogates, none
/// of the invisible fillers and blanks that are not format characters (<see cref="IsInvisible"/>), and variation
/// selectors only right after a visible character; otherwise a random guest name.
/// </summary>
/// <remarks>
/// Invisible and direction-changing characters would let a name hide or impersonate another one: "alice" followed by
/// a Hangul filler looks like "alice", and a name of fillers alone looks like no name. Emoji and CJK names need a
/// variation selector after their character (U+2764 U+FE0F is "❤️"), which is why those are allowed there and only there.
/// </remarks>
internal static class DisplayName
{
    public const int MaxLength = 32;
    public const string Rule = "1-32 characters with a letter, digit, punctuation or symbol among them, without control, format, separator or invisible filler characters and without surrounding white space";
    private const string GuestAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string FromRequest(string? requested)
    {
        var trimmed = requested?.Trim();
        return IsValid(trimmed) ? trimmed! : NewGuestName();
    }

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.Trim().Length == name.Length && HasVisibleTextOnly(name);

    public static string NewGuestName() => "guest-" + new string(RandomNumberGenerator.GetItems<char>(GuestAlphabet, 4));

    private static bool HasVisibleTextOnly(ReadOnlySpan<char> name)
    {
        var anyVisible = false;
        var afterVisible = false;
        while (!name.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(name, out var rune, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            if (IsVariationSelector(rune.Value))
            {
                if (!afterVisible)
                {
                    return false;
                }

                afterVisible = false;
            }
            else
            {
                var category = Rune.GetUnicodeCategory(rune);
                if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    || IsInvisible(rune.Value))
                {
                    return false;
                }

                afterVisible = IsVisible(category);
                anyVisible |= afterVisible;
            }

            name = name[consumed..];
        }

        return anyVisible;
    }

    /// <summary>Letters, numbers, punctuation and symbols: the categories that draw something by themselves.</summary>
    private static bool IsVisible(UnicodeCategory category) =>
        category is (>= UnicodeCategory.UppercaseLetter and <= UnicodeCategory.OtherLetter)
            or (>= UnicodeCategory.DecimalDigitNumber and <= UnicodeCategory.OtherNumber)
            or (>= UnicodeCategory.ConnectorPunctuation and <= UnicodeCategory.OtherSymbol);

    /// <summary>U+FE00–U+FE0F and U+E0100–U+E01EF, which pick a glyph for the character before them.</summary>
    private static bool IsVariationSelector(int codePoint) =>
        codePoint is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    /// <summary>
    /// Code points that draw nothing but are not format (Cf) characters, so their category does not give them away:
    /// the Default_Ignorable_Code_Point set of Unicode's DerivedCoreProperties.txt less its Cf members and the
    /// variation selectors, plus characters drawn blank.
    /// </summary>
    /// <remarks>
    /// <list type="table">
    /// <item><term>U+034F</term><description>COMBINING GRAPHEME JOINER (Mn)</description></item>
    /// <item><term>U+115F, U+1160</term><description>HANGUL CHOSEONG FILLER, HANGUL JUNGSEONG FILLER (Lo)</description></item>
    /// <item><term>U+17B4, U+17B5</term><description>KHMER VOWEL INHERENT AQ, AA (Mn)</description></item>
    /// <item><term>U+180B–U+180F</term><description>MONGOLIAN FREE VARIATION SELECTORS ONE–FOUR (Mn) and VOWEL SEPARATOR</description></item>
    /// <item><term>U+2065, U+FFF0–U+FFF8</term><description>reserved, default ignorable (Cn)</description></item>
    /// <item><term>U+2800</term><description>BRAILLE PATTERN BLANK (So), drawn blank</description></item>
    /// <item><term>U+3164</term><description>HANGUL FILLER (Lo)</description></item>
    /// <item><term>U+FFA0</term><description>HALFWIDTH HANGUL FILLER (Lo)</description></item>
    /// <item><term>U+1D159</term><description>MUSICAL SYMBOL NULL NOTEHEAD (So), drawn blank</description></item>
    /// <item><term>U+E0000–U+E0FFF</term><description>tags and reserved (Cf, Cn); the variation selectors among them are handled first</description></item>
    /// </list>
    /// </remarks>
    private static bool IsInvisible(int codePoint) =>
        codePoint >= 0x034F && codePoint switch
        {
            0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F) => true,
            0x2065 or 0x2800 or 0x3164 or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8) => true,
            0x1D159 or (>= 0xE0000 and <= 0xE0FFF) => true,
            _ => false,
        };
}
