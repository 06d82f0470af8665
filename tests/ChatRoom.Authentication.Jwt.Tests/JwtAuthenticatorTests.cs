using ChatRoom.Authentication.Jwt.Internal;
using ChatRoom.Core.Tests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Authentication.Jwt.Tests;

public sealed class JwtAuthenticatorTests
{
    private readonly FakeTimeProvider _time = new(TestTokens.Now);
    private readonly FakeLogCollector _logs = new();

    [Fact]
    public async Task AuthenticateAsync_ValidQueryToken_ReturnsIdentityFromClaims()
    {
        var token = TestTokens.For("u-alice", "Alice", "private.ops", "private.dev");

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        var identity = Assert.IsType<ChatIdentity>(result.Identity);
        Assert.False(result.IsFailure);
        Assert.Equal("u-alice", identity.UserId);
        Assert.Equal("Alice", identity.Name);
        Assert.Equal(["private.ops", "private.dev"], identity.GrantedRooms);
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER  ")]
    public async Task AuthenticateAsync_BearerHeader_ReturnsIdentity(string scheme)
    {
        var result = await Create().AuthenticateAsync(TestTokens.Header(scheme + TestTokens.For("u-bob", "Bob")));

        Assert.Equal("u-bob", result.Identity?.UserId);
    }

    [Fact]
    public async Task AuthenticateAsync_HeaderAndQuery_HeaderWins()
    {
        var metadata = TestTokens.Query(TestTokens.For("u-query")) with
        {
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["authorization"] = "Bearer " + TestTokens.For("u-header") },
        };

        var result = await Create().AuthenticateAsync(metadata);

        Assert.Equal("u-header", result.Identity?.UserId);
    }

    [Fact]
    public async Task AuthenticateAsync_AuthorizationHeaderNotBearer_Fails()
    {
        var result = await Create().AuthenticateAsync(TestTokens.Header("Basic YWxpY2U6c2VjcmV0"));

        Assert.True(result.IsFailure);
        Assert.Contains("bearer", result.FailureReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AuthenticateAsync_Expired_FailsSayingExpired()
    {
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, expires: TestTokens.Now.AddMinutes(-2));

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "expired", token);
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredWithinClockSkew_Succeeds()
    {
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, expires: TestTokens.Now.AddSeconds(-30));

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        Assert.Equal("u-alice", result.Identity?.UserId);
    }

    [Fact]
    public async Task AuthenticateAsync_ClockPassesExpiry_FailsAfterwards()
    {
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, expires: TestTokens.Now.AddMinutes(10));
        var authenticator = Create();
        Assert.NotNull((await authenticator.AuthenticateAsync(TestTokens.Query(token))).Identity);

        _time.Advance(TimeSpan.FromMinutes(12));

        AssertFailure(await authenticator.AuthenticateAsync(TestTokens.Query(token)), "expired", token);
    }

    [Fact]
    public async Task AuthenticateAsync_NotYetValid_Fails()
    {
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, notBefore: TestTokens.Now.AddMinutes(5));

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "not valid yet", token);
    }

    [Fact]
    public async Task AuthenticateAsync_NoExpiry_Fails()
    {
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, withExpiry: false);

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "no expiry", token);
    }

    [Fact]
    public async Task AuthenticateAsync_SignedWithAnotherKey_Fails()
    {
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, key: "another-signing-key-also-32-bytes-or-more!");

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "signature", token);
    }

    [Fact]
    public async Task AuthenticateAsync_PayloadTampered_Fails()
    {
        var parts = TestTokens.For("u-mallory", "Mallory").Split('.');
        var forged = TestTokens.Unsigned(new { sub = "u-alice", name = "Alice", exp = TestTokens.Now.AddHours(1).ToUnixTimeSeconds() }).Split('.');
        var token = $"{parts[0]}.{forged[1]}.{parts[2]}";

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "signature", token);
    }

    [Fact]
    public async Task AuthenticateAsync_AlgNone_Fails()
    {
        var token = TestTokens.Unsigned(new { sub = "u-alice", name = "Alice", exp = TestTokens.Now.AddHours(1).ToUnixTimeSeconds() });

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        Assert.True(result.IsFailure);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task AuthenticateAsync_SignedWithRsa_Fails()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = "u-alice" },
            Expires = TestTokens.Now.AddHours(1).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256),
        });

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        Assert.True(result.IsFailure);
        Assert.DoesNotContain(token, result.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example", "chat", "issuer")]
    [InlineData(null, "chat", "issuer")]
    [InlineData("https://issuer.example", "other-app", "audience")]
    [InlineData("https://issuer.example", null, "audience")]
    public async Task AuthenticateAsync_WrongIssuerOrAudience_Fails(string? issuer, string? audience, string expected)
    {
        var options = new JwtAuthenticationOptions { SigningKey = TestTokens.SigningKey, Issuer = "https://issuer.example", Audience = "chat" };
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, issuer: issuer, audience: audience);

        var result = await Create(options).AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, expected, token);
    }

    [Fact]
    public async Task AuthenticateAsync_RightIssuerAndAudience_Succeeds()
    {
        var options = new JwtAuthenticationOptions { SigningKey = TestTokens.SigningKey, Issuer = "https://issuer.example", Audience = "chat" };
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, issuer: "https://issuer.example", audience: "chat");

        var result = await Create(options).AuthenticateAsync(TestTokens.Query(token));

        Assert.Equal("u-alice", result.Identity?.UserId);
    }

    [Fact]
    public async Task AuthenticateAsync_MissingSub_Fails()
    {
        var token = TestTokens.Create(new Dictionary<string, object> { ["name"] = "Alice" });

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "subject", token);
    }

    [Theory]
    [InlineData("Ali\u0000ce")]
    [InlineData("Ali\u0007ce")]
    [InlineData("\u202Eecila")]
    [InlineData("Ali\u200Bce")]
    [InlineData("Alice\u2028")]
    [InlineData(" Alice")]
    [InlineData("a-name-that-is-far-too-long-to-be-shown-to-anyone")]
    public async Task AuthenticateAsync_NameBreaksDisplayNameRules_Fails(string name)
    {
        var token = TestTokens.For("u-alice", name);

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "display name", token);
    }

    [Theory]
    [InlineData("u\u0000alice")]
    [InlineData(" u-alice")]
    public async Task AuthenticateAsync_SubBreaksUserIdRules_Fails(string sub)
    {
        var token = TestTokens.For(sub, "Alice");

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "user id", token);
    }

    [Fact]
    public async Task AuthenticateAsync_NoNameClaim_UsesPreferredUsernameThenSub()
    {
        var withUsername = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-1", ["preferred_username"] = "carol" });
        var bare = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "dave" });

        Assert.Equal("carol", (await Create().AuthenticateAsync(TestTokens.Query(withUsername))).Identity?.Name);
        Assert.Equal("dave", (await Create().AuthenticateAsync(TestTokens.Query(bare))).Identity?.Name);
    }

    [Fact]
    public async Task AuthenticateAsync_RoomsAsSpaceSeparatedString_GrantsEachValidRoom()
    {
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-1", ["rooms"] = "private.ops  private.dev not/a/room private.ops" });

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        Assert.Equal(["private.ops", "private.dev"], result.Identity?.GrantedRooms);
    }

    [Fact]
    public async Task AuthenticateAsync_CustomRoomsClaim_ReadsThatClaim()
    {
        var options = new JwtAuthenticationOptions { SigningKey = TestTokens.SigningKey, RoomsClaim = "chat_rooms" };
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-1", ["rooms"] = "private.a", ["chat_rooms"] = new[] { "private.b" } });

        var result = await Create(options).AuthenticateAsync(TestTokens.Query(token));

        Assert.Equal(["private.b"], result.Identity?.GrantedRooms);
    }

    [Fact]
    public async Task AuthenticateAsync_NoToken_FailsSayingWhereTokensGo()
    {
        var result = await Create().AuthenticateAsync(ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["name"] = "alice" }));

        AssertFailure(result, "access_token", token: null);
    }

    [Fact]
    public async Task AuthenticateAsync_NoTokenAndAnonymousAllowed_ReturnsAnonymous()
    {
        var options = new JwtAuthenticationOptions { SigningKey = TestTokens.SigningKey, AllowAnonymous = true };

        var result = await Create(options).AuthenticateAsync(ConnectionMetadata.Empty);

        Assert.Same(AuthenticationResult.Anonymous, result);
    }

    [Fact]
    public async Task AuthenticateAsync_BadTokenAndAnonymousAllowed_StillFails()
    {
        var options = new JwtAuthenticationOptions { SigningKey = TestTokens.SigningKey, AllowAnonymous = true };
        var token = TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, key: "another-signing-key-also-32-bytes-or-more!");

        var result = await Create(options).AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "signature", token);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.%%%.abc")]
    [InlineData("....")]
    public async Task AuthenticateAsync_Garbage_FailsWithoutThrowing(string token)
    {
        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        Assert.True(result.IsFailure);
        Assert.DoesNotContain(token, result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_HugeToken_FailsWithoutParsing()
    {
        var token = new string('a', JwtAuthenticator.MaxTokenBytes + 1);

        var result = await Create().AuthenticateAsync(TestTokens.Query(token));

        AssertFailure(result, "longer", token: null);
    }

    [Fact]
    public async Task AuthenticateAsync_AnyRefusal_NeverLogsTheToken()
    {
        var tokens = new[]
        {
            TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, expires: TestTokens.Now.AddHours(-1)),
            TestTokens.Create(new Dictionary<string, object> { ["sub"] = "u-alice" }, key: "another-signing-key-also-32-bytes-or-more!"),
            TestTokens.For("u-alice", "\u202Eevil"),
        };
        var authenticator = Create();

        foreach (var token in tokens)
        {
            Assert.True((await authenticator.AuthenticateAsync(TestTokens.Query(token))).IsFailure);
        }

        Assert.Equal(tokens.Length, _logs.Count);
        foreach (var record in _logs.GetSnapshot())
        {
            Assert.All(tokens, token =>
            {
                Assert.DoesNotContain(token, record.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(token.Split('.')[2], record.Message, StringComparison.Ordinal);
            });
        }
    }

    private JwtAuthenticator Create(JwtAuthenticationOptions? options = null)
    {
        var logger = new FakeLogger<JwtAuthenticator>(_logs);
        return new JwtAuthenticator(Options.Create(options ?? new JwtAuthenticationOptions { SigningKey = TestTokens.SigningKey }), _time, logger);
    }

    private static void AssertFailure(AuthenticationResult result, string expected, string? token)
    {
        Assert.True(result.IsFailure, "expected a failure");
        Assert.Null(result.Identity);
        Assert.Contains(expected, result.FailureReason, StringComparison.OrdinalIgnoreCase);
        if (token is not null)
        {
            Assert.DoesNotContain(token, result.FailureReason, StringComparison.Ordinal);
        }
    }
}
