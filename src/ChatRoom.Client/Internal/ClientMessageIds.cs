using System.Buffers.Text;
using System.Security.Cryptography;

namespace ChatRoom.Client.Internal;

/// <summary>Random client message ids: 16 random bytes as 22 URL-safe characters.</summary>
internal static class ClientMessageIds
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
