using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace ChatRoom.Testing.Tests;

public sealed class InMemoryChatClientTests : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private ServiceProvider _provider = CreateProvider();

    private CancellationToken Timeout => _timeout.Token;

    private IConnectionStore Connections => _provider.GetRequiredService<IConnectionStore>();

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task ConnectAsync_WithName_RegistersConnectionUnderThatName()
    {
        await using var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);

        var connection = await Connections.GetConnectionAsync(alice.ConnectionId);

        Assert.NotNull(connection);
        Assert.Equal("Alice", connection.Member.Name);
    }

    [Fact]
    public async Task ConnectAsync_WithoutName_GetsGuestName()
    {
        await using var guest = await InMemoryChatClient.ConnectAsync(_provider, cancellationToken: Timeout);

        var connection = await Connections.GetConnectionAsync(guest.ConnectionId);

        Assert.StartsWith("guest-", connection?.Member.Name);
    }

    [Fact]
    public async Task ConnectAsync_SecondClient_JoinsDefaultRoomAndFirstSeesIt()
    {
        await using var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);
        await using var bob = await InMemoryChatClient.ConnectAsync(_provider, "Bob", Timeout);

        var presence = await alice.ReceiveAsync("presence", Timeout);

        Assert.Equal("general", presence.GetProperty("room").GetString());
        Assert.Equal("joined", presence.GetProperty("event").GetString());
        Assert.Equal(bob.ConnectionId, presence.GetProperty("member").GetProperty("connectionId").GetString());
        Assert.Equal(["general"], await Connections.GetRoomsAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task SendAsync_Join_QueuesJoinedReplyBeforeReturning()
    {
        await using var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);

        await alice.SendAsync("""{"action":"join","room":"lobby"}""", Timeout);

        Assert.Equal(1, alice.PendingFrames);
        var joined = await alice.ReceiveAsync(Timeout);
        Assert.Equal("joined", joined.GetProperty("type").GetString());
        Assert.Equal("lobby", joined.GetProperty("room").GetString());
        Assert.Equal(alice.ConnectionId, joined.GetProperty("you").GetProperty("connectionId").GetString());
        Assert.Equal(0, alice.PendingFrames);
    }

    [Fact]
    public async Task SendAsync_Message_ReachesOtherClientAndEchoesToSender()
    {
        await using var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);
        await using var bob = await InMemoryChatClient.ConnectAsync(_provider, "Bob", Timeout);

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"hello","clientMessageId":"c-1"}""", Timeout);

        var received = await bob.ReceiveAsync("message", Timeout);
        var echo = await alice.ReceiveAsync("message", Timeout);
        Assert.Equal("hello", received.GetProperty("text").GetString());
        Assert.Equal("Alice", received.GetProperty("sender").GetProperty("name").GetString());
        Assert.Equal(received.GetProperty("seq").GetInt64(), echo.GetProperty("seq").GetInt64());
        Assert.Equal("c-1", echo.GetProperty("clientMessageId").GetString());
    }

    [Fact]
    public async Task SendAsync_BadJson_ReceivesErrorFrame()
    {
        await using var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);

        await alice.SendAsync("{not json", Timeout);

        var error = await alice.ReceiveAsync(Timeout);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal(ChatErrorCodes.BadRequest, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ReceiveAsync_WithType_SkipsOtherFrames()
    {
        await using var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);
        await using var bob = await InMemoryChatClient.ConnectAsync(_provider, "Bob", Timeout);
        await alice.SendAsync("""{"action":"ping"}""", Timeout);

        var pong = await alice.ReceiveAsync("pong", Timeout);

        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(0, alice.PendingFrames);
    }

    [Fact]
    public async Task ReceiveAsync_NothingArrives_IsCancelled()
    {
        await using var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => alice.ReceiveAsync(cancelled.Token));
    }

    [Fact]
    public async Task DisposeAsync_Connected_RemovesConnectionAndTellsRoom()
    {
        await using var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);
        var bob = await InMemoryChatClient.ConnectAsync(_provider, "Bob", Timeout);

        await bob.DisposeAsync();

        var left = await alice.ReceiveAsync("presence", Timeout);
        while (left.GetProperty("event").GetString() != "left")
        {
            left = await alice.ReceiveAsync("presence", Timeout);
        }

        Assert.Equal(bob.ConnectionId, left.GetProperty("member").GetProperty("connectionId").GetString());
        Assert.Null(await Connections.GetConnectionAsync(bob.ConnectionId));
    }

    [Fact]
    public async Task SendAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        var alice = await InMemoryChatClient.ConnectAsync(_provider, "Alice", Timeout);
        await alice.DisposeAsync();
        await alice.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => alice.SendAsync("""{"action":"ping"}""", Timeout));
    }

    [Theory]
    [InlineData(AuthorizationStatus.Forbidden, ConnectStatus.Forbidden)]
    [InlineData(AuthorizationStatus.Unauthenticated, ConnectStatus.Unauthenticated)]
    public async Task ConnectAsync_AuthorizerRefuses_ThrowsAndRegistersNothing(AuthorizationStatus refusal, ConnectStatus expected)
    {
        var authorizer = Substitute.For<IChatAuthorizer>();
        authorizer.AuthorizeConnectAsync(Arg.Any<ConnectionInfo>(), Arg.Any<ConnectionMetadata>(), Arg.Any<CancellationToken>())
            .Returns(new AuthorizationDecision { Status = refusal, Reason = "not today" });
        await _provider.DisposeAsync();
        _provider = CreateProvider(s => s.AddSingleton(authorizer));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InMemoryChatClient.ConnectAsync(_provider, "Mallory", Timeout));

        Assert.Contains(expected.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("not today", error.Message, StringComparison.Ordinal);
        var refused = (ConnectionInfo)authorizer.ReceivedCalls().Single().GetArguments()[0]!;
        Assert.Equal("Mallory", refused.Member.Name);
        Assert.Null(await Connections.GetConnectionAsync(refused.ConnectionId));
    }

    [Fact]
    public async Task ConnectAsync_WithoutInMemoryAdapter_Throws()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddChatRoom();
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<InvalidOperationException>(() => InMemoryChatClient.ConnectAsync(provider, "Alice", Timeout));
    }

    private static ServiceProvider CreateProvider(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddChatRoom().AddInMemory();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
