using System.Text;

namespace ChatRoom.Authentication.Jwt.Internal;

/// <summary>The HMAC secret from <see cref="JwtAuthenticationOptions.SigningKey"/>: its UTF-8 bytes, at least 32 of them.</summary>
internal static class JwtSigningKey
{
    public const int MinBytes = 32;

    public static byte[] ToBytes(string signingKey) => Encoding.UTF8.GetBytes(signingKey);

    public static bool IsLongEnough(string? signingKey) => !string.IsNullOrEmpty(signingKey) && Encoding.UTF8.GetByteCount(signingKey) >= MinBytes;
}
