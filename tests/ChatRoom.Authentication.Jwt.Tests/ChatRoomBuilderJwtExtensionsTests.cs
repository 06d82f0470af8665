using ChatRoom.Authentication.Jwt.Internal;
using ChatRoom.Core.Tests;
using ChatRoom.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Authentication.Jwt.Tests;

public sealed class ChatRoomBuilderJwtExtensionsTests
{
    [Fact]
    public void AddJwtAuthentication_Configuration_BindsTheJwtSubsection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ChatRoom:Jwt:SigningKey"] = TestTokens.SigningKey,
                ["ChatRoom:Jwt:Issuer"] = "https://issuer.example",
                ["ChatRoom:Jwt:Audience"] = "chat",
                ["ChatRoom:Jwt:ClockSkew"] = "00:00:10",
                ["ChatRoom:Jwt:AllowAnonymous"] = "true",
                ["ChatRoom:Jwt:RoomsClaim"] = "groups",
                ["ChatRoom:PrivateRooms:private.ops:0"] = "alice",
                ["ChatRoom:PrivateRooms:private.ops:1"] = "bob",
            })
            .Build();
        var section = configuration.GetSection(ChatRoomOptions.SectionName);
        using var provider = new ServiceCollection().AddChatRoom(section).AddInMemory().AddJwtAuthentication(section).Services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<JwtAuthenticationOptions>>().Value;

        Assert.IsType<JwtAuthenticator>(provider.GetRequiredService<IChatAuthenticator>());
        Assert.Equal(
            (TestTokens.SigningKey, "https://issuer.example", "chat", TimeSpan.FromSeconds(10), true, "groups"),
            (options.SigningKey, options.Issuer, options.Audience, options.ClockSkew, options.AllowAnonymous, options.RoomsClaim));
        Assert.Equal(["alice", "bob"], provider.GetRequiredService<IOptions<ChatRoomOptions>>().Value.PrivateRooms["private.ops"]);
    }

    [Fact]
    public void AddJwtAuthentication_Action_SetsOptions()
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory()
            .AddJwtAuthentication(o => o.SigningKey = TestTokens.SigningKey).Services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(TestTokens.SigningKey, provider.GetRequiredService<IOptions<JwtAuthenticationOptions>>().Value.SigningKey);
    }

    [Fact]
    public void AddJwtAuthentication_NoArguments_FailsAtStartupNamingTheKeySetting()
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory().AddJwtAuthentication().Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ChatRoom:Jwt:SigningKey is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("too-short-secret", "too short")]
    [InlineData("0123456789012345678901234567890", "too short")]
    public void AddJwtAuthentication_ShortKey_FailsAtStartup(string key, string expected)
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory().AddJwtAuthentication(o => o.SigningKey = key).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11 * 60)]
    public void AddJwtAuthentication_ClockSkewOutOfRange_FailsAtStartup(int seconds)
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory()
            .AddJwtAuthentication(o => { o.SigningKey = TestTokens.SigningKey; o.ClockSkew = TimeSpan.FromSeconds(seconds); }).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ChatRoom:Jwt:ClockSkew", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddJwtAuthentication_EmptyRoomsClaim_FailsAtStartup()
    {
        using var provider = new ServiceCollection().AddChatRoom().AddInMemory()
            .AddJwtAuthentication(o => { o.SigningKey = TestTokens.SigningKey; o.RoomsClaim = " "; }).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ChatRoom:Jwt:RoomsClaim", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddJwtAuthentication_NullArguments_Throw()
    {
        var builder = new ServiceCollection().AddChatRoom();

        Assert.Throws<ArgumentNullException>(() => builder.AddJwtAuthentication((Action<JwtAuthenticationOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddJwtAuthentication((IConfiguration)null!));
        Assert.Throws<ArgumentNullException>(() => ((IChatRoomBuilder)null!).AddJwtAuthentication());
    }
}
