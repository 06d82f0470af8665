using System.Buffers.Text;
using System.Security.Cryptography;

namespace ChatRoom.Redis.Internal;

/// <summary>This process's identity among the nodes of the chat: a new random id at every start.</summary>
internal sealed class RedisNode
{
    public string Id { get; } = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9));
}
