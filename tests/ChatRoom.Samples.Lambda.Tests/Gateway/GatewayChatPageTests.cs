using ChatRoom.Samples.Tests.Browser;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The ASP.NET Core sample's chat page, unchanged, in Chromium against the Lambda sample behind the local gateway.</summary>
[Trait("Category", "Integration")]
public sealed class GatewayChatPageTests(GatewayBrowserFixture fixture) : IClassFixture<GatewayBrowserFixture>
{
    [Fact]
    public Task Send_TwoPagesInOneRoom_EachSeesBothMessagesOwnOnce() => TwoPageConversation.PlayAsync(
        fixture.Browser,
        fixture.Host,
        [
            "Alice: Is the Lambda build deployed?",
            "Bob: sam deploy finished a minute ago.",
            "Alice: Then this message went through @connections.",
            "Bob: Et celui-ci aussi — à plus !",
        ],
        "lambda-chat.png");
}
