using ChatRoom.InMemory.Internal;
using ChatRoom.Testing.Conformance;

namespace ChatRoom.InMemory.Tests;

public sealed class InMemoryConnectionStoreTests : ConnectionStoreConformanceTests
{
    protected override Task<IConnectionStore> CreateStoreAsync() => Task.FromResult<IConnectionStore>(new InMemoryConnectionStore());
}
