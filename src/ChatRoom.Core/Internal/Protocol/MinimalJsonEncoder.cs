using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ChatRoom.Internal;

/// <summary>Escapes only what JSON requires: quotation mark, reverse solidus and the control characters U+0000–U+001F.</summary>
/// <remarks>
/// Every other character goes out as its UTF-8 bytes, so a Chinese character costs 3 bytes on the wire instead of the
/// 6 of a <c>\uXXXX</c> escape, and an emoji 4 instead of 12. Frames are JSON read by JSON parsers, never embedded in
/// HTML or script, so the HTML-sensitive characters the default encoder escapes need no escaping here. A lone
/// surrogate (which well-formed input never holds) is written as U+FFFD, so a frame is always valid UTF-8.
/// </remarks>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    private const int MaxEscapeLength = 6; // \uXXXX

    private static readonly SearchValues<char> s_specialChars = SearchValues.Create(SpecialCharacters());
    private static readonly SearchValues<byte> s_specialBytes = SearchValues.Create(SpecialBytes());

    private MinimalJsonEncoder()
    {
    }

    public static MinimalJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => MaxEscapeLength;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\';

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        FindFirstCharacterToEncode(new ReadOnlySpan<char>(text, textLength));

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var special = utf8Text.IndexOfAny(s_specialBytes);
        var checkedPart = special < 0 ? utf8Text : utf8Text[..special];
        return Utf8.IsValid(checkedPart) ? special : FirstInvalidSequence(checkedPart);
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        TryEncode(unicodeScalar, new Span<char>(buffer, bufferLength), out numberOfCharactersWritten);

    private static int FindFirstCharacterToEncode(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (true)
        {
            var rest = text[offset..];
            var special = rest.IndexOfAny(s_specialChars);
            var surrogate = rest.IndexOfAnyInRange('\uD800', '\uDFFF');
            if (surrogate < 0 || (special >= 0 && special < surrogate))
            {
                return special < 0 ? -1 : offset + special;
            }

            // A well-formed pair is ordinary text; a lone surrogate must be replaced.
            var at = offset + surrogate;
            if (!char.IsHighSurrogate(text[at]) || at + 1 == text.Length || !char.IsLowSurrogate(text[at + 1]))
            {
                return at;
            }

            offset = at + 2;
        }
    }

    private static int FirstInvalidSequence(ReadOnlySpan<byte> utf8Text)
    {
        var index = 0;
        while (Rune.DecodeFromUtf8(utf8Text[index..], out _, out var consumed) == OperationStatus.Done)
        {
            index += consumed;
        }

        return index;
    }

    private static bool TryEncode(int scalar, Span<char> destination, out int written)
    {
        ReadOnlySpan<char> escape = scalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => default,
        };

        if (escape.IsEmpty && scalar < 0x20)
        {
            Span<char> hex = stackalloc char[MaxEscapeLength];
            "\\u00".CopyTo(hex);
            hex[4] = HexDigit(scalar >> 4);
            hex[5] = HexDigit(scalar & 0xF);
            return TryCopy(hex, destination, out written);
        }

        if (escape.IsEmpty)
        {
            // Asked for a character that needs no escape (or a replaced lone surrogate): write it as it is.
            return new Rune(Rune.IsValid(scalar) ? scalar : Rune.ReplacementChar.Value).TryEncodeToUtf16(destination, out written);
        }

        return TryCopy(escape, destination, out written);
    }

    private static bool TryCopy(ReadOnlySpan<char> source, Span<char> destination, out int written)
    {
        if (source.TryCopyTo(destination))
        {
            written = source.Length;
            return true;
        }

        written = 0;
        return false;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    private static string SpecialCharacters()
    {
        var characters = new char[0x22];
        for (var i = 0; i < 0x20; i++)
        {
            characters[i] = (char)i;
        }

        characters[0x20] = '"';
        characters[0x21] = '\\';
        return new string(characters);
    }

    private static byte[] SpecialBytes() => [.. SpecialCharacters().Select(static c => (byte)c)];
}
