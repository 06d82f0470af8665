using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Testing.Tests;

/// <summary>The in-memory adapter's stores, built the way an app gets them: a correct store for the suites to run on.</summary>
internal static class InMemoryStores
{
    public static IServiceProvider Create() =>
        new ServiceCollection().AddChatRoom().AddInMemory().Services.BuildServiceProvider();
}
