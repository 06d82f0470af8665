using ChatRoom.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace ChatRoom.Core.Tests;

/// <summary><c>AddChatRoom()</c>: defaults registered with TryAdd, so user and adapter registrations win.</summary>
public sealed class ChatRoomServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddChatRoom_UserAuthorizerBeforeOrAfter_Wins(bool registerBefore)
    {
        var services = new ServiceCollection();
        if (registerBefore)
        {
            services.AddSingleton<IChatAuthorizer, NoSecretsAuthorizer>();
        }

        services.AddChatRoom().AddInMemory();
        if (!registerBefore)
        {
            services.AddSingleton<IChatAuthorizer, NoSecretsAuthorizer>();
        }

        await using var provider = services.BuildServiceProvider();
        var alice = await InMemoryChatClient.ConnectAsync(provider, "alice");

        await alice.SendAsync("""{"action":"join","room":"secret"}""");

        var error = await alice.ExpectAsync("error");
        Frames.AssertError(error, "forbidden", "join");
        Assert.Equal("No secrets here.", Frames.String(error, "message"));
        Assert.IsType<NoSecretsAuthorizer>(provider.GetRequiredService<IChatAuthorizer>());
        await alice.DisposeAsync();
    }

    [Fact]
    public void AddChatRoom_NoAuthenticator_IsAnonymous()
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory().Services.BuildServiceProvider();

        Assert.IsType<AnonymousAuthenticator>(provider.GetRequiredService<IChatAuthenticator>());
    }

    [Fact]
    public void AddChatRoom_NoAuthorizer_AllowsEverything()
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory().Services.BuildServiceProvider();

        Assert.IsType<AllowAllAuthorizer>(provider.GetRequiredService<IChatAuthorizer>());
    }

    [Fact]
    public async Task AddChatRoom_TimeProviderRegisteredBefore_Wins()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2040, 2, 3, 4, 5, 6, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddChatRoom().AddInMemory();
        await using var provider = services.BuildServiceProvider();
        var alice = await InMemoryChatClient.ConnectAsync(provider, "alice");

        var ack = await alice.SayAsync("general", "from the future");

        Assert.Equal("2040-02-03T04:05:06Z", Frames.String(ack, "sentAt"));
        await alice.DisposeAsync();
    }

    [Fact]
    public void AddChatRoom_NoTimeProvider_UsesSystemClock()
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory().Services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task AddChatRoom_StoreRegisteredAfterAdapter_Wins()
    {
        var store = Substitute.For<IMessageStore>();
        store.GetLatestAsync(default!, default, default).ReturnsForAnyArgs(MessagePage.Empty);
        var services = new ServiceCollection();
        services.AddChatRoom().AddInMemory();
        services.AddSingleton(store);
        await using var provider = services.BuildServiceProvider();
        var alice = await InMemoryChatClient.ConnectAsync(provider, "alice");

        await alice.SendAsync("""{"action":"history","room":"general","limit":7}""");

        await alice.ExpectAsync("history");
        await store.Received(1).GetLatestAsync("general", 7, Arg.Any<CancellationToken>());
        await alice.DisposeAsync();
    }

    [Fact]
    public async Task AddChatRoom_MessengerRegisteredAfterAdapter_CarriesEveryFrame()
    {
        var messenger = Substitute.For<IConnectionMessenger>();
        messenger.MaxFrameBytes.Returns(128 * 1024);
        var sent = new List<(string ConnectionId, string Json)>();
#pragma warning disable CA2012 // NSubstitute configures a call by making it; the ValueTask is never consumed.
        messenger.SendAsync(default!, default, default).ReturnsForAnyArgs(call =>
#pragma warning restore CA2012
        {
            sent.Add((call.ArgAt<string>(0), System.Text.Encoding.UTF8.GetString(call.ArgAt<ReadOnlyMemory<byte>>(1).Span)));
            return ValueTask.FromResult(DeliveryResult.Delivered);
        });
        var services = new ServiceCollection();
        services.AddChatRoom().AddInMemory();
        services.AddSingleton(messenger);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IChatEngine>();

        Assert.True((await engine.ConnectedAsync("c-1", ConnectionMetadata.Empty)).IsAccepted);
        await engine.FrameReceivedAsync("c-1", """{"action":"ping"}"""u8.ToArray());

        var (connectionId, json) = Assert.Single(sent);
        Assert.Equal("c-1", connectionId);
        Assert.Equal("""{"type":"pong"}""", json);
    }

    [Fact]
    public void AddChatRoom_CalledTwice_RegistersEachHandlerOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddChatRoom(o => o.MaxMessageLength = 10);
        services.AddChatRoom(o => o.DefaultRoom = "lobby").AddInMemory();
        using var provider = services.BuildServiceProvider();

        var actions = provider.GetServices<IActionHandler>().Select(h => h.Action).ToList();
        var options = provider.GetRequiredService<IOptions<ChatRoomOptions>>().Value;

        Assert.Equal(["history", "join", "leave", "members", "ping", "sendmessage", "typing"], actions.Order(StringComparer.Ordinal));
        Assert.Equal(10, options.MaxMessageLength);
        Assert.Equal("lobby", options.DefaultRoom);
    }

    [Fact]
    public void AddChatRoom_Configuration_BindsAndValidatesOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ChatRoom:DefaultRoom"] = "lobby",
                ["ChatRoom:MaxMessageLength"] = "280",
            })
            .Build();
        using var provider = new ServiceCollection().AddChatRoom(configuration.GetSection(ChatRoomOptions.SectionName)).AddInMemory().Services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<ChatRoomOptions>>().Value;

        Assert.Equal("lobby", options.DefaultRoom);
        Assert.Equal(280, options.MaxMessageLength);
        Assert.Equal(16, options.MaxRoomsPerConnection);
    }

    [Fact]
    public void AddChatRoom_ConfigurationOutOfRange_FailsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ChatRoom:MaxMessageLength"] = "0" })
            .Build();
        using var provider = new ServiceCollection().AddChatRoom(configuration.GetSection("ChatRoom")).AddInMemory().Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ChatRoom:MaxMessageLength is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddChatRoom_Builder_RegistersIntoTheSameServicesAndAdaptersReturnIt()
    {
        var services = new ServiceCollection();
        var descriptor = ServiceDescriptor.Singleton(TimeProvider.System);

        var builder = services.AddChatRoom();
        var afterAdapter = builder.AddInMemory();
        builder.Services.Add(descriptor);

        // The builder's collection is a view that wraps store registrations in tracing decorators; all else lands as is.
        Assert.Same(descriptor, services[^1]);
        Assert.Same(builder, afterAdapter);
    }

    [Fact]
    public void AddChatRoom_NullArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddChatRoom(_ => { }));
        Assert.Throws<ArgumentNullException>(() => services.AddChatRoom((Action<ChatRoomOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddChatRoom((IConfiguration)null!));
    }

    private sealed class NoSecretsAuthorizer : IChatAuthorizer
    {
        public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Allow);

        public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(room == "secret" ? AuthorizationDecision.Forbid("No secrets here.") : AuthorizationDecision.Allow);
    }
}
