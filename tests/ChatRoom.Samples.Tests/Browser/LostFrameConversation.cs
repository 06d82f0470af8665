using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>
/// Bob writes into Alice's room while the server loses one of his messages on its way to Alice's page; shared by every
/// host the page runs against. The page must show the lost message once, in its seq place, without a reload.
/// </summary>
public static class LostFrameConversation
{
    public const string LostText = "lost on the way to Alice";

    /// <summary>Gets a dropper that loses the message <see cref="LostText"/> on its way to the page.</summary>
    public static FrameDropper Dropper() => new(frame => frame.Type() == "message" && frame.StringOf("text") == LostText);

    /// <summary>Plays the conversation on a host whose messenger <paramref name="dropper"/> decorates.</summary>
    /// <param name="browser">The browser.</param>
    /// <param name="host">The host serving the page, started with <paramref name="dropper"/> installed.</param>
    /// <param name="dropper">The dropper, from <see cref="Dropper"/>.</param>
    /// <param name="lostLast">Whether the lost message is Bob's last (nothing after it shows a gap: the page's quiet check finds it).</param>
    public static async Task PlayAsync(IBrowser browser, IChatHost host, FrameDropper dropper, bool lostLast = false)
    {
        var room = Unique.Room("lost-frame");
        await using var alice = await ChatPage.OpenAsync(browser, host, "Alice", room);
        dropper.ConnectionId = await alice.Page.Locator("#members > li.member.me").GetAttributeAsync("data-connection-id");
        Assert.NotNull(dropper.ConnectionId);
        await using var bob = await ChatSocket.ConnectAsync(host, "Bob");
        await bob.JoinAsync(room);

        string[] texts = lostLast ? ["before the loss", LostText] : ["before the loss", LostText, "after the loss"];
        foreach (var text in texts)
        {
            await bob.SendMessageAsync(room, text);
        }

        foreach (var text in texts)
        {
            await alice.ExpectMessageOnceAsync(text);
        }

        await Expect(alice.Messages.Locator(".message-text")).ToHaveTextAsync(texts);
        var seqs = await alice.Messages.EvaluateAllAsync<long[]>("items => items.map(item => Number(item.dataset.seq))");
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(1, dropper.Dropped);
    }
}
