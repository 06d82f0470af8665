using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>Alice and Bob chat in two pages of one room; shared by every host the page runs against.</summary>
public static class TwoPageConversation
{
    /// <summary>Plays "Name: text" lines alternately from Alice's and Bob's pages and checks each page shows every line once.</summary>
    /// <param name="browser">The browser.</param>
    /// <param name="host">The host serving the page.</param>
    /// <param name="conversation">Lines of the form <c>Alice: text</c> or <c>Bob: text</c>, alternating, Alice first.</param>
    /// <param name="screenshot">The artifact file name of the screenshot taken at the end.</param>
    public static async Task PlayAsync(IBrowser browser, IChatHost host, IReadOnlyList<string> conversation, string screenshot)
    {
        const string Room = "lobby";
        await using var alice = await ChatPage.OpenAsync(browser, host, "Alice", Room);
        await using var bob = await ChatPage.OpenAsync(browser, host, "Bob", Room);
        await Expect(alice.Members).ToHaveCountAsync(2);
        await Expect(bob.Members).ToHaveCountAsync(2);

        foreach (var line in conversation)
        {
            var (sender, text) = (line.Split(": ", 2)[0] == "Alice" ? alice : bob, line.Split(": ", 2)[1]);
            await sender.SendAsync(text);
            await alice.ExpectMessageOnceAsync(text);
            await bob.ExpectMessageOnceAsync(text);
        }

        await Expect(alice.Messages).ToHaveCountAsync(conversation.Count);
        await Expect(bob.Messages).ToHaveCountAsync(conversation.Count);
        await Expect(alice.Messages.Locator(".message-sender")).ToHaveTextAsync(conversation.Select(line => line.Split(": ", 2)[0]));
        await Expect(alice.Page.Locator("#messages > li.message.own")).ToHaveCountAsync(conversation.Count(line => line.StartsWith("Alice: ", StringComparison.Ordinal)));
        await Expect(bob.Page.Locator("#messages > li.message.own")).ToHaveCountAsync(conversation.Count(line => line.StartsWith("Bob: ", StringComparison.Ordinal)));

        await alice.Page.ScreenshotAsync(new() { Path = Artifacts.Screenshot(screenshot), FullPage = true });
    }
}
