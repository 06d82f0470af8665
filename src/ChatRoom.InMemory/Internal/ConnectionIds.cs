using System.Buffers.Text;
using System.Security.Cryptography;

namespace ChatRoom.InMemory.Internal;

/// <summary>Unguessable connection ids, URL-safe like API Gateway's.</summary>
internal static class ConnectionIds
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
}
