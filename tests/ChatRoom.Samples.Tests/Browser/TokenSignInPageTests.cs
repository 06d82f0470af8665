using System.Text.RegularExpressions;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>The page against the sample with <c>ChatRoom:Jwt:SigningKey</c> set: the sign-in token field, in Chromium.</summary>
[Collection(BrowserCollectionDefinition.Name)]
[Trait("Category", "Integration")]
public sealed class TokenSignInPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SignIn_BadTokenThenGoodToken_RefusedThenChatsInAPrivateRoomUnderTheTokensName()
    {
        var room = "private." + Unique.Room("team");
        await using var tokens = new TokenHostFixture();
        await tokens.InitializeAsync();
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = tokens.Host.BaseAddress.ToString(), Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/?name=Mallory&room={room}");

        // Tokens required: the token field replaces the name field, and ?name= does not sign in by itself.
        await Expect(page.Locator("#token-input")).ToBeVisibleAsync();
        await Expect(page.Locator("#name-input")).ToBeHiddenAsync();
        await Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "offline");

        await page.Locator("#token-input").FillAsync("not-a-token");
        await page.Locator("#join-button").ClickAsync();
        await Expect(page.Locator("#join-error")).ToContainTextAsync("Your token was refused");
        await Expect(page.Locator("#token-input")).ToBeVisibleAsync();

        await page.Locator("#token-input").FillAsync(TokenHostFixture.Token(Unique.Name("u"), "Alice", room));
        await page.Locator("#room-input").FillAsync(room);
        await page.Locator("#join-button").ClickAsync();
        await Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "online");
        await Expect(page.Locator($"#rooms > .room[data-room='{room}']")).Not.ToHaveClassAsync(new Regex(@"\bjoining\b"));
        await Expect(page.Locator("#user-name")).ToHaveTextAsync("Alice");

        await using var bob = await ChatSocket.ConnectAsync(tokens.ChatUri(TokenHostFixture.Token(Unique.Name("u"), "Bob", room)), "bob");
        await bob.SendAsync(new { action = "join", room });
        await bob.ReceiveAsync("joined");
        var composer = page.Locator("#composer");
        await composer.FillAsync("Hello from the page");
        await composer.PressAsync("Enter");

        var message = await bob.ReceiveAsync("message");
        Assert.Equal("Alice", message.SenderName());
        Assert.Equal("Hello from the page", message.Text());
        await bob.SendAsync(new { action = "sendmessage", room, text = "Hi Alice" });
        var reply = page.Locator("#messages > li.message").Filter(new() { HasText = "Hi Alice" });
        await Expect(reply).ToHaveCountAsync(1);
        await Expect(reply.Locator(".message-sender")).ToHaveTextAsync("Bob");
    }
}
