using ChatRoom.Authentication.Jwt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Core.Tests;

/// <summary>The engine with <c>AddJwtAuthentication</c> or a custom <see cref="IChatAuthenticator"/>: who a connection is.</summary>
public sealed class ChatEngineIdentityTests
{
    [Fact]
    public async Task ConnectedAsync_ValidToken_TakesUserIdNameAndGrantsFromClaims()
    {
        await using var host = CreateHost();

        var alice = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice", "private.ops")));

        var stored = await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(alice.ConnectionId);
        Assert.NotNull(stored);
        Assert.Equal("u-alice", stored.Member.UserId);
        Assert.Equal("Alice", stored.Member.Name);
        Assert.True(stored.Member.IsAuthenticated);
        Assert.Equal(["private.ops"], stored.GrantedRooms);
    }

    [Fact]
    public async Task ConnectedAsync_ValidTokenAndNameQuery_IgnoresTheNameQuery()
    {
        await using var host = CreateHost();
        var bob = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-bob", "Bob")));

        var mallory = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-mallory", "Mallory"), name: "Bob"));

        Frames.AssertMember((await bob.ExpectAsync("presence")).GetProperty("member"), mallory.ConnectionId, "Mallory", verified: true);
        var message = await mallory.SayAsync("general", "hi");
        Assert.Equal("Mallory", message.GetProperty("sender").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Events_SignedInAndAnonymousWithTheSameName_OnlyTheSignedInOneIsVerified()
    {
        await using var host = CreateHost(jwt: o => o.AllowAnonymous = true);
        var alice = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice")));
        var impostor = await host.ConnectAsync("Alice");
        await alice.DrainAsync();

        var joined = await alice.JoinAsync("general");
        var own = await alice.SayAsync("general", "it is me");
        await impostor.DrainAsync();
        var fake = await impostor.SayAsync("general", "no, it is me");
        await impostor.DrainAsync();
        await impostor.SendAsync("""{"action":"members","room":"general"}""");
        var members = Frames.Array(await impostor.ExpectAsync("members"), "members");

        Frames.AssertMember(joined.GetProperty("you"), alice.ConnectionId, "Alice", verified: true);
        Frames.AssertMember(own.GetProperty("sender"), alice.ConnectionId, "Alice", verified: true);
        Frames.AssertMember(fake.GetProperty("sender"), impostor.ConnectionId, "Alice");
        Frames.AssertMember(members.Single(m => Frames.String(m, "connectionId") == alice.ConnectionId), alice.ConnectionId, "Alice", verified: true);
        Frames.AssertMember(members.Single(m => Frames.String(m, "connectionId") == impostor.ConnectionId), impostor.ConnectionId, "Alice");
        var history = (await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages;
        Assert.Equal([true, false], history.Select(m => m.Sender.IsAuthenticated));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    public async Task ConnectedAsync_MissingOrInvalidToken_UnauthenticatedAndNothingRegistered(string? token)
    {
        await using var host = CreateHost();
        var alice = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice")));
        var query = new Dictionary<string, string> { ["name"] = "mallory" };
        if (token is not null)
        {
            query["access_token"] = token;
        }

        var result = await host.Engine.ConnectedAsync("c-mallory", ConnectionMetadata.FromQuery(query));

        Assert.Equal(ConnectStatus.Unauthenticated, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-mallory"));
        await alice.AssertNoFramesAsync();
    }

    [Fact]
    public async Task ConnectedAsync_AnonymousAllowedAndNoToken_ConnectsAnonymouslyWithTheRequestedName()
    {
        await using var host = CreateHost(jwt: o => o.AllowAnonymous = true);

        var guest = await host.ConnectAsync("guest-alice");

        var stored = await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(guest.ConnectionId);
        Assert.NotNull(stored);
        Assert.False(stored.Member.IsAuthenticated);
        Assert.Equal(guest.ConnectionId, stored.Member.UserId);
        Assert.Equal("guest-alice", stored.Member.Name);
    }

    [Theory]
    [InlineData("u-1", "\u202EecilA")]
    [InlineData("u-1", "")]
    [InlineData("", "Alice")]
    [InlineData("u\n1", "Alice")]
    public async Task ConnectedAsync_CustomAuthenticatorReturnsInvalidIdentity_Unauthenticated(string userId, string name)
    {
        await using var host = ChatTestHost.Create(configureServices: s =>
            s.Replace(ServiceDescriptor.Singleton<IChatAuthenticator>(new FixedAuthenticator(AuthenticationResult.Success(new ChatIdentity { UserId = userId, Name = name })))));

        var result = await host.Engine.ConnectedAsync("c-1", ConnectionMetadata.Empty);

        Assert.Equal(ConnectStatus.Unauthenticated, result.Status);
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-1"));
    }

    [Theory]
    [InlineData("\u3164")]
    [InlineData("alice\u3164")]
    [InlineData("\u2800")]
    public async Task ConnectedAsync_AnonymousNameOfInvisibleCharacters_GetsAGuestName(string name)
    {
        await using var host = ChatTestHost.Create();

        var subject = await host.ConnectAsync(ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["name"] = name }));

        var stored = await host.GetRequiredService<IConnectionStore>().GetConnectionAsync(subject.ConnectionId);
        Assert.NotNull(stored);
        Assert.Matches("^guest-[a-z2-9]{4}$", stored.Member.Name);
    }

    [Theory]
    [InlineData("\u3164")]
    [InlineData("Alice\u115F")]
    public async Task ConnectedAsync_TokenNameOfInvisibleCharacters_UnauthenticatedAndNothingRegistered(string name)
    {
        await using var host = CreateHost();

        var result = await host.Engine.ConnectedAsync("c-1", TestTokens.Query(TestTokens.For("u-1", name)));

        Assert.Equal(ConnectStatus.Unauthenticated, result.Status);
        Assert.Contains("display name", result.Reason, StringComparison.Ordinal);
        Assert.Null(await host.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-1"));
    }

    [Fact]
    public async Task ConnectedAsync_CustomAuthenticatorFails_UnauthenticatedWithItsReason()
    {
        await using var host = ChatTestHost.Create(configureServices: s =>
            s.Replace(ServiceDescriptor.Singleton<IChatAuthenticator>(new FixedAuthenticator(AuthenticationResult.Fail("API key revoked.")))));

        var result = await host.Engine.ConnectedAsync("c-1", ConnectionMetadata.Empty);

        Assert.Equal(new ConnectResult { Status = ConnectStatus.Unauthenticated, Reason = "API key revoked." }, result);
    }

    [Fact]
    public async Task ConnectedAsync_Authenticated_AuthorizerSeesTheIdentity()
    {
        var authorizer = new RecordingAuthorizer();
        await using var host = CreateHost(configureServices: s => s.AddSingleton<IChatAuthorizer>(authorizer));

        await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice")));

        var seen = Assert.Single(authorizer.Connects);
        Assert.Equal(("u-alice", "Alice", true), (seen.Member.UserId, seen.Member.Name, seen.Member.IsAuthenticated));
    }

    [Fact]
    public async Task SendMessage_TwoConnectionsOfOneUser_SameClientMessageIdIsOneMessage()
    {
        // De-duplication is per user: a client that reconnects and resends keeps its message once.
        await using var host = CreateHost();
        var first = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice")));
        var original = await first.SayAsync("general", "hello", "c-1");
        await first.DisposeAsync();

        var second = await host.ConnectAsync(TestTokens.Query(TestTokens.For("u-alice", "Alice")));
        var resent = await second.SayAsync("general", "hello", "c-1");

        Assert.Equal(original.GetProperty("seq").GetInt64(), resent.GetProperty("seq").GetInt64());
    }

    internal static ChatTestHost CreateHost(
        Action<ChatRoomOptions>? configure = null,
        Action<JwtAuthenticationOptions>? jwt = null,
        Action<IServiceCollection>? configureServices = null) =>
        ChatTestHost.Create(configure, services =>
        {
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestTokens.Now));
            services.AddChatRoom().AddJwtAuthentication(o =>
            {
                o.SigningKey = TestTokens.SigningKey;
                jwt?.Invoke(o);
            });
            configureServices?.Invoke(services);
        });

    private sealed class FixedAuthenticator(AuthenticationResult result) : IChatAuthenticator
    {
        public ValueTask<AuthenticationResult> AuthenticateAsync(ConnectionMetadata metadata, CancellationToken cancellationToken = default) => ValueTask.FromResult(result);
    }

    private sealed class RecordingAuthorizer : IChatAuthorizer
    {
        public List<ConnectionInfo> Connects { get; } = [];

        public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default)
        {
            Connects.Add(connection);
            return ValueTask.FromResult(AuthorizationDecision.Allow);
        }

        public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Allow);
    }
}
