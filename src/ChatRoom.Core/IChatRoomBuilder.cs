using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom;

/// <summary>Configures the chat engine's adapters; returned by <c>AddChatRoom()</c> and extended by adapter packages.</summary>
public interface IChatRoomBuilder
{
    /// <summary>Gets the service collection the engine is registered in.</summary>
    IServiceCollection Services { get; }
}
