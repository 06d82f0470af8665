namespace ChatRoom.Core.Tests;

/// <summary>The origin check every host applies (<c>ChatRoom:AllowedOrigins</c>).</summary>
public sealed class OriginPolicyTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("http://chat.example:8080", true)]
    [InlineData("HTTP://CHAT.EXAMPLE:8080", true)]
    [InlineData("http://chat.example", false)]
    [InlineData("https://chat.example:8080", false)]
    [InlineData("http://evil.example", false)]
    [InlineData("null", false)]
    public void Allows_NoListConfigured_OnlySameOriginOrNone(string? origin, bool expected)
    {
        var policy = new OriginPolicy([]);

        Assert.Equal(expected, policy.Allows(origin, "chat.example:8080", "http"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://app.example", true)]
    [InlineData("https://App.Example", true)]
    [InlineData("http://chat.example:8080", false)] // same origin is not implied once a list is set
    [InlineData("https://app.example.evil.example", false)]
    public void Allows_ListConfigured_OnlyListedOriginsOrNone(string? origin, bool expected)
    {
        var policy = new OriginPolicy(["https://app.example/"]);

        Assert.Equal(expected, policy.Allows(origin, "chat.example:8080", "http"));
    }

    [Fact]
    public void Allows_ListedWithDefaultPortOrCase_MatchesTheFormBrowsersSend()
    {
        var policy = new OriginPolicy(["HTTPS://App.Example:443"]);

        Assert.True(policy.Allows("https://app.example", "chat.example:8080", "http"));
    }

    [Theory]
    [InlineData("app.example")]
    [InlineData("https://app.example/chat")]
    [InlineData("https://app.example/#x")]
    [InlineData("file://")]
    [InlineData("*")]
    public void Constructor_EntryThatIsNotAnOrigin_FailsNamingTheSetting(string entry)
    {
        // Such an entry could never match an Origin header: refusing it at start-up beats refusing every browser later.
        var error = Assert.Throws<InvalidOperationException>(() => new OriginPolicy([entry]));

        Assert.Contains("ChatRoom:AllowedOrigins", error.Message, StringComparison.Ordinal);
        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }
}
