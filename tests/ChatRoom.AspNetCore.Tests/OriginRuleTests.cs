using ChatRoom.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.AspNetCore.Tests;

/// <summary>The origin check of a mapped chat endpoint (<c>ChatRoom:AllowedOrigins</c>).</summary>
public sealed class OriginRuleTests
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
        var policy = new OriginRule([]);

        Assert.Equal(expected, policy.Allows(Request("chat.example:8080", origin)));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://app.example", true)]
    [InlineData("https://App.Example", true)]
    [InlineData("http://chat.example:8080", false)] // same origin is not implied once a list is set
    [InlineData("https://app.example.evil.example", false)]
    public void Allows_ListConfigured_OnlyListedOriginsOrNone(string? origin, bool expected)
    {
        var policy = new OriginRule(["https://app.example/"]);

        Assert.Equal(expected, policy.Allows(Request("chat.example:8080", origin)));
    }

    [Fact]
    public void Allows_ListedWithDefaultPortOrCase_MatchesTheFormBrowsersSend()
    {
        var policy = new OriginRule(["HTTPS://App.Example:443"]);

        Assert.True(policy.Allows(Request("chat.example:8080", "https://app.example")));
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
        var error = Assert.Throws<InvalidOperationException>(() => new OriginRule([entry]));

        Assert.Contains("ChatRoom:AllowedOrigins", error.Message, StringComparison.Ordinal);
        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }

    private static HttpRequest Request(string host, string? origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        return context.Request;
    }
}
