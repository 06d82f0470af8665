using ChatRoom.Samples.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The ASP.NET Core sample's chat page, unchanged, in Chromium against the Lambda sample behind the local gateway.</summary>
[Trait("Category", "Integration")]
public sealed class GatewayChatPageTests(GatewayBrowserFixture fixture) : IClassFixture<GatewayBrowserFixture>
{
    [Fact]
    public async Task Send_TwoPagesInOneRoom_EachSeesBothMessagesOwnOnce()
    {
        const string Room = "lobby";
        await using var alice = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Alice", Room);
        await using var bob = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Bob", Room);
        await Expect(alice.Members).ToHaveCountAsync(2);
        await Expect(bob.Members).ToHaveCountAsync(2);

        string[] conversation =
        [
            "Alice: Is the Lambda build deployed?",
            "Bob: sam deploy finished a minute ago.",
            "Alice: Then this message went through @connections.",
            "Bob: Et celui-ci aussi — à plus !",
        ];
        foreach (var line in conversation)
        {
            var (sender, text) = (line.Split(": ", 2)[0] == "Alice" ? alice : bob, line.Split(": ", 2)[1]);
            await sender.SendAsync(text);
            await alice.ExpectMessageOnceAsync(text);
            await bob.ExpectMessageOnceAsync(text);
        }

        await Expect(alice.Messages.Locator(".message-sender")).ToHaveTextAsync(["Alice", "Bob", "Alice", "Bob"]);
        await Expect(alice.Page.Locator("#messages > li.message.own")).ToHaveCountAsync(2);
        await Expect(bob.Page.Locator("#messages > li.message.own")).ToHaveCountAsync(2);

        await alice.Page.ScreenshotAsync(new() { Path = Artifacts.Screenshot("lambda-chat.png"), FullPage = true });
    }
}
