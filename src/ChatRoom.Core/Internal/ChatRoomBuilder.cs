using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Internal;

internal sealed class ChatRoomBuilder(IServiceCollection services) : IChatRoomBuilder
{
    public IServiceCollection Services { get; } = new StoreTracingServiceCollection(services);
}
