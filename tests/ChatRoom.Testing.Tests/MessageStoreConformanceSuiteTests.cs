using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace ChatRoom.Testing.Tests;

/// <summary>The shipped message store suite passes a correct store and fails a faulty one, as a store author relies on.</summary>
public sealed class MessageStoreConformanceSuiteTests
{
    [Fact]
    public async Task GetLatestAsyncContract_CorrectStore_Passes()
    {
        var suite = new Suite(InMemoryStores.Create().GetRequiredService<IMessageStore>());

        await suite.GetLatestAsync_MoreThanLimit_ReturnsNewestAscendingWithHasMore();
    }

    [Fact]
    public async Task GetLatestAsyncContract_StoreReturningNewestFirst_Fails()
    {
        var suite = new Suite(new NewestFirstMessageStore(InMemoryStores.Create().GetRequiredService<IMessageStore>()));

        await Assert.ThrowsAnyAsync<XunitException>(suite.GetLatestAsync_MoreThanLimit_ReturnsNewestAscendingWithHasMore);
    }

    /// <summary>Not public, so xUnit does not discover the inherited tests: each test above runs one of them by hand.</summary>
    private sealed class Suite(IMessageStore store) : MessageStoreConformanceTests
    {
        protected override Task<IMessageStore> CreateStoreAsync() => Task.FromResult(store);
    }
}
