using System.Security.Cryptography;

namespace ChatRoom.Internal;

/// <summary>Display names: trimmed, 1–32 characters, no control characters; otherwise a random guest name.</summary>
internal static class DisplayName
{
    public const int MaxLength = 32;
    private const string GuestAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string FromRequest(string? requested)
    {
        var trimmed = requested?.Trim();
        return IsValid(trimmed) ? trimmed! : NewGuestName();
    }

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && !name.Any(char.IsControl) && name.Trim().Length == name.Length;

    public static string NewGuestName() => "guest-" + new string(RandomNumberGenerator.GetItems<char>(GuestAlphabet, 4));
}
