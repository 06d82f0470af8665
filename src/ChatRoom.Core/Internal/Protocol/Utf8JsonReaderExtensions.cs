using System.Text.Json;

namespace ChatRoom.Internal;

/// <summary>Comparing a client's JSON text without throwing.</summary>
internal static class Utf8JsonReaderExtensions
{
    /// <summary>Whether the current property name or string equals <paramref name="text"/>.</summary>
    /// <remarks>
    /// <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/> throws <see cref="InvalidOperationException"/>
    /// for an escaped lone surrogate (<c>"\ud800"</c>), which is valid JSON; such text equals nothing we look for.
    /// </remarks>
    public static bool TextEquals(this ref Utf8JsonReader reader, ReadOnlySpan<byte> text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc cref="TextEquals(ref Utf8JsonReader, ReadOnlySpan{byte})"/>
    public static bool TextEquals(this ref Utf8JsonReader reader, ReadOnlySpan<char> text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
