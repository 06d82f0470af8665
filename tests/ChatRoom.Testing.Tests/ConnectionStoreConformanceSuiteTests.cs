using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace ChatRoom.Testing.Tests;

/// <summary>The shipped connection store suite passes a correct store and fails a faulty one, as a store author relies on.</summary>
public sealed class ConnectionStoreConformanceSuiteTests
{
    [Fact]
    public async Task GrantsContract_CorrectStore_Passes()
    {
        var suite = new Suite(InMemoryStores.Create().GetRequiredService<IConnectionStore>());

        await suite.GetConnectionAsync_AuthenticatedWithGrants_ReturnsIdentityAndGrantsInOrder();
    }

    [Fact]
    public async Task GrantsContract_StoreDroppingGrants_Fails()
    {
        var suite = new Suite(new GrantDroppingConnectionStore(InMemoryStores.Create().GetRequiredService<IConnectionStore>()));

        await Assert.ThrowsAnyAsync<XunitException>(suite.GetConnectionAsync_AuthenticatedWithGrants_ReturnsIdentityAndGrantsInOrder);
    }

    /// <summary>Not public, so xUnit does not discover the inherited tests: each test above runs one of them by hand.</summary>
    private sealed class Suite(IConnectionStore store) : ConnectionStoreConformanceTests
    {
        protected override Task<IConnectionStore> CreateStoreAsync() => Task.FromResult(store);
    }
}
