using ChatRoom.InMemory.Internal;
using ChatRoom.Testing;

namespace ChatRoom.InMemory.Tests;

public sealed class InMemoryConnectionStoreTests : ConnectionStoreConformanceTests
{
    protected override Task<IConnectionStore> CreateStoreAsync() => Task.FromResult<IConnectionStore>(new InMemoryConnectionStore());
}
