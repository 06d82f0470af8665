using System.Buffers;
using System.Text;

namespace ChatRoom.Internal;

/// <summary>User ids from credentials: 1–128 characters, no control characters or lone surrogates, no surrounding white space.</summary>
internal static class UserIds
{
    public const int MaxLength = 128;
    public const string Rule = "1-128 characters without control characters, lone surrogates or surrounding white space";

    public static bool IsValid(string? userId)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > MaxLength || userId.Trim().Length != userId.Length)
        {
            return false;
        }

        var rest = userId.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || Rune.IsControl(rune))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }
}
