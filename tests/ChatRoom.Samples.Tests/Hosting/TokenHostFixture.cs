using System.Text;
using ChatRoom.Samples.AspNetCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>The sample with <c>ChatRoom:Jwt:SigningKey</c> set, so every connection needs a token; and a way to mint them.</summary>
public sealed class TokenHostFixture : IAsyncLifetime
{
    public const string SigningKey = "sample-tests-signing-key-0123456789abcdef";
    public const string Issuer = "https://issuer.test";
    private SampleHost? _host;

    public SampleHost Host => _host ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>Mints a token the app accepts (the sample's own token command does the signing).</summary>
    public static string Token(string user, string? name = null, params string[] rooms) =>
        DevTokenCommand.Create(new JwtOptions { SigningKey = SigningKey, Issuer = Issuer }, user, name, rooms, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    /// <summary>Mints a token with the app's key and issuer whose other claims are exactly <paramref name="payload"/> (no <c>exp</c> unless it has one).</summary>
    public static string SignedToken(IDictionary<string, object> payload) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = payload,
            Issuer = Issuer,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>The chat endpoint with <c>?access_token=</c> (and optionally a <c>name</c> the server must ignore).</summary>
    public Uri ChatUri(string token, string? name = null) =>
        new($"ws://{Host.BaseAddress.Authority}/ws?access_token={Uri.EscapeDataString(token)}{(name is null ? "" : "&name=" + Uri.EscapeDataString(name))}");

    public async Task InitializeAsync() => _host = await SampleHost.StartAsync(
    [
        $"--ChatRoom:Jwt:SigningKey={SigningKey}",
        $"--ChatRoom:Jwt:Issuer={Issuer}",
        "--ChatRoom:RateLimitBurst=200",
        "--ChatRoom:RateLimitPerSecond=200",
    ]);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
