using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace ChatRoom.Core.Tests;

/// <summary>Starting without a store adapter fails fast, naming the call to make.</summary>
public sealed class AdapterRegistrationValidatorTests
{
    [Fact]
    public void ResolveEngine_WithoutAdapter_ThrowsNamingAddInMemory()
    {
        using var provider = new ServiceCollection().AddChatRoom().Services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatEngine>());

        Assert.Contains(".AddInMemory()", error.Message, StringComparison.Ordinal);
        Assert.Contains("IConnectionStore", error.Message, StringComparison.Ordinal);
        Assert.Contains("IMessageStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValue_WithoutAdapter_FailsValidationNamingAddInMemory()
    {
        using var provider = new ServiceCollection().AddChatRoom().Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChatRoomOptions>>().Value);

        Assert.Contains(".AddInMemory()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidator_WithoutAdapter_FailsNamingAddInMemory()
    {
        using var provider = new ServiceCollection().AddChatRoom(o => o.DefaultRoom = "lobby").Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(".AddInMemory()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidator_OnlyStoresRegistered_StartsWithTheInProcessMessenger()
    {
        var services = new ServiceCollection();
        services.AddChatRoom();
        services.AddSingleton(Substitute.For<IConnectionStore>());
        services.AddSingleton(Substitute.For<IMessageStore>());
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Same(provider.GetRequiredService<InProcessMessenger>(), provider.GetRequiredService<IConnectionMessenger>());
    }

    [Fact]
    public void StartupValidator_WithInMemoryAdapter_Succeeds()
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory().Services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(provider.GetRequiredService<IChatEngine>());
    }
}
