using ChatRoom.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NSubstitute;

namespace ChatRoom.Core.Tests;

/// <summary>The builder's service collection: whichever store an adapter registers last is the one the tracing decorator wraps.</summary>
public sealed class StoreTracingServiceCollectionTests
{
    [Fact]
    public async Task Services_StoreReplacedAfterAdapter_ResolvesDecoratorAroundTheLastStore()
    {
        var connections = Substitute.For<IConnectionStore>();
        var messages = Substitute.For<IMessageStore>();
        var services = new ServiceCollection();
        var builder = services.AddChatRoom().AddInMemory();

        builder.Services.Replace(ServiceDescriptor.Singleton(connections));
        builder.Services.Replace(ServiceDescriptor.Singleton(messages));

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<TracingConnectionStore>(provider.GetRequiredService<IConnectionStore>());
        Assert.IsType<TracingMessageStore>(provider.GetRequiredService<IMessageStore>());
        Assert.Same(connections, provider.GetRequiredKeyedService<IConnectionStore>(StoreTracingServiceCollection.InnerStoreKey));
        Assert.Same(messages, provider.GetRequiredKeyedService<IMessageStore>(StoreTracingServiceCollection.InnerStoreKey));
        Assert.Single(services, d => d.ServiceType == typeof(IConnectionStore) && d.IsKeyedService);
        Assert.Single(services, d => d.ServiceType == typeof(IConnectionStore) && !d.IsKeyedService);
    }

    [Fact]
    public async Task Services_TryAddAfterAdapter_KeepsTheAdapterStore()
    {
        var services = new ServiceCollection();
        var builder = services.AddChatRoom().AddInMemory();
        var inMemory = services.BuildServiceProvider().GetRequiredKeyedService<IConnectionStore>(StoreTracingServiceCollection.InnerStoreKey).GetType();

        builder.Services.TryAddSingleton(Substitute.For<IConnectionStore>());

        await using var provider = services.BuildServiceProvider();
        Assert.IsType(inMemory, provider.GetRequiredKeyedService<IConnectionStore>(StoreTracingServiceCollection.InnerStoreKey));
    }

    [Fact]
    public async Task Services_FactoryRegistration_IsDecoratedAndBuiltOnce()
    {
        var built = 0;
        var services = new ServiceCollection();
        var builder = services.AddChatRoom().AddInMemory();

        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageStore>(_ =>
        {
            built++;
            return Substitute.For<IMessageStore>();
        }));

        await using var provider = services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<IMessageStore>(), provider.GetRequiredService<IMessageStore>());
        Assert.IsType<TracingMessageStore>(provider.GetRequiredService<IMessageStore>());
        Assert.Equal(1, built);
    }
}
