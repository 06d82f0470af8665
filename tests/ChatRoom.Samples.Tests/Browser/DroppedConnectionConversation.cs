using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>
/// Alice's page loses its connection while Bob writes; shared by every host the page runs against. A fake clock holds
/// the page's reconnect until the test lets time flow, so Bob's messages are sent while the page is away for certain.
/// </summary>
public static class DroppedConnectionConversation
{
    /// <summary>Plays the conversation and checks the page shows every message once, in order, after it reconnects.</summary>
    /// <param name="browser">The browser.</param>
    /// <param name="host">The host serving the page.</param>
    /// <param name="dropAsync">Ends the page's connection, given the page and its connection id.</param>
    /// <param name="beforeLoad">Runs on the page's context before it loads, after the clock is installed.</param>
    /// <param name="whileAway">Runs while the page waits to reconnect (its clock paused).</param>
    public static async Task PlayAsync(
        IBrowser browser,
        IChatHost host,
        Func<ChatPage, string, Task> dropAsync,
        Func<IBrowserContext, Task>? beforeLoad = null,
        Func<ChatPage, Task>? whileAway = null)
    {
        var room = Unique.Room("dropped");
        await using var alice = await ChatPage.OpenAsync(browser, host, "Alice", room, async context =>
        {
            await context.Clock.InstallAsync();
            if (beforeLoad is not null)
            {
                await beforeLoad(context);
            }
        });
        await using var bob = await ChatSocket.ConnectAsync(host, "Bob");
        await bob.JoinAsync(room);
        await bob.SendMessageAsync(room, "before the drop");
        await alice.ExpectMessageOnceAsync("before the drop");
        var connectionId = await alice.Page.Locator("#members > li.member.me").GetAttributeAsync("data-connection-id");
        Assert.NotNull(connectionId);

        var now = await alice.Page.EvaluateAsync<double>("Date.now()");
        await alice.Page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds((long)now + 1000).UtcDateTime);
        await dropAsync(alice, connectionId);
        await Expect(alice.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting");
        if (whileAway is not null)
        {
            await whileAway(alice);
        }

        string[] missed = ["sent while away 1", "sent while away 2"];
        foreach (var text in missed)
        {
            await bob.SendMessageAsync(room, text);
        }

        await Expect(alice.Messages).ToHaveCountAsync(1); // away: nothing arrives
        await alice.Page.Clock.ResumeAsync();
        await Expect(alice.ConnectionState).ToHaveAttributeAsync("data-state", "online");
        await bob.SendMessageAsync(room, "back online");

        await alice.ExpectMessageOnceAsync("back online");
        await Expect(alice.Messages.Locator(".message-text")).ToHaveTextAsync(["before the drop", .. missed, "back online"]);
    }
}
