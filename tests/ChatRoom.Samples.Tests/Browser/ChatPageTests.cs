using System.Text.RegularExpressions;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>The sample's page (<c>wwwroot</c>) in a real headless Chromium against the real app.</summary>
[Collection(BrowserCollectionDefinition.Name)]
[Trait("Category", "Integration")]
public sealed class ChatPageTests(BrowserFixture fixture)
{
    [Fact]
    public Task Send_TwoPagesInOneRoom_EachSeesBothMessagesOwnOnce() => TwoPageConversation.PlayAsync(
        fixture.Browser,
        fixture.Host,
        [
            "Alice: Morning Bob! Is the release candidate ready?",
            "Bob: Yes, tagged an hour ago. All checks are green.",
            "Alice: Great, I'll start the rollout after stand-up.",
            "Bob: Ping me if anything looks off — à plus tard !",
        ],
        "chat.png");

    [Fact]
    public async Task Open_RoomWithHistory_NewcomerSeesEarlierMessagesInOrder()
    {
        var room = Unique.Room("history");
        await using (var bob = await ChatSocket.ConnectAsync(fixture.Host, "Bob"))
        {
            await bob.SendAsync(new { action = "join", room });
            await bob.ReceiveAsync("joined");
            foreach (var text in new[] { "first", "second", "third" })
            {
                await bob.SendAsync(new { action = "sendmessage", room, text });
                await bob.ReceiveAsync("message", m => m.Text() == text);
            }
        }

        await using var carol = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Carol", room);

        await Expect(carol.Messages.Locator(".message-text")).ToHaveTextAsync(["first", "second", "third"]);
        await Expect(carol.Messages.Locator(".message-sender")).ToHaveTextAsync(["Bob", "Bob", "Bob"]);
        await Expect(carol.Page.Locator("#history-start")).ToHaveTextAsync($"This is the beginning of #{room}.");
    }

    [Fact]
    public async Task Message_MarkupInTextAndName_RendersAsLiteralText()
    {
        const string Markup = "<img src=x onerror=alert(1)>";
        const string MarkupName = "<img src=x onerror=alert(2)>";
        var room = Unique.Room("xss");
        await using var alice = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Alice", room);
        await using var mallory = await ChatSocket.ConnectAsync(fixture.Host, MarkupName);
        await mallory.SendAsync(new { action = "join", room });
        await mallory.ReceiveAsync("joined");

        await mallory.SendAsync(new { action = "sendmessage", room, text = Markup });
        await alice.ExpectMessageOnceAsync(Markup);
        await alice.SendAsync(Markup + " (quoted)");
        await alice.ExpectMessageOnceAsync(Markup + " (quoted)");

        var fromMallory = alice.MessagesWithText(Markup);
        Assert.Equal(Markup, await fromMallory.Locator(".message-text").TextContentAsync());
        Assert.Equal(MarkupName, await fromMallory.Locator(".message-sender").TextContentAsync());
        await Expect(alice.Members.Filter(new() { HasText = MarkupName })).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#messages img, #members img")).ToHaveCountAsync(0);
        Assert.Empty(alice.Dialogs);
    }

    [Fact]
    public async Task Reconnect_AfterTheSocketDrops_ShowsMessagesSentMeanwhileExactlyOnce()
    {
        var room = Unique.Room("reconnect");
        // A fake clock: the page's reconnect timer only runs when the test lets time flow again.
        await using var alice = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Alice", room, context => context.Clock.InstallAsync());
        await using var bob = await ChatSocket.ConnectAsync(fixture.Host, "Bob");
        await bob.SendAsync(new { action = "join", room });
        await bob.ReceiveAsync("joined");
        await bob.SendAsync(new { action = "sendmessage", room, text = "before the drop" });
        await alice.ExpectMessageOnceAsync("before the drop");

        var now = await alice.Page.EvaluateAsync<double>("Date.now()");
        await alice.Page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds((long)now + 1000).UtcDateTime);
        await alice.Page.EvaluateAsync("window.chatRoom.socket().close()");
        await Expect(alice.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting");

        string[] missed = ["sent while you were away 1", "sent while you were away 2", "sent while you were away 3"];
        foreach (var text in missed)
        {
            await bob.SendAsync(new { action = "sendmessage", room, text });
            await bob.ReceiveAsync("message", m => m.Text() == text);
        }

        await Expect(alice.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting"); // still: its clock is paused
        await Expect(alice.Messages).ToHaveCountAsync(1); // offline: nothing arrives
        await alice.Page.Clock.ResumeAsync();
        await Expect(alice.ConnectionState).ToHaveAttributeAsync("data-state", "online");
        await bob.SendAsync(new { action = "sendmessage", room, text = "back online" });
        await alice.ExpectMessageOnceAsync("back online");

        foreach (var text in missed)
        {
            await alice.ExpectMessageOnceAsync(text);
        }

        await Expect(alice.Messages.Locator(".message-text")).ToHaveTextAsync(["before the drop", .. missed, "back online"]);
    }

    [Fact]
    public async Task Reconnect_ServerSideClosesTheSocket_ShowsMessagesSentMeanwhileExactlyOnce()
    {
        // Between the page and the server, so the test can close the socket from the server's side, as a host going away does.
        var sockets = new List<IWebSocketRoute>();
        await DroppedConnectionConversation.PlayAsync(
            fixture.Browser,
            fixture.Host,
            async (_, _) =>
            {
                IWebSocketRoute socket;
                lock (sockets)
                {
                    socket = Assert.Single(sockets);
                }

                await socket.CloseAsync(new() { Code = 1001, Reason = "Going away" });
            },
            context => context.RouteWebSocketAsync(new Regex(@"/ws\?"), page =>
            {
                lock (sockets)
                {
                    sockets.Add(page);
                }

                page.ConnectToServer();
            }),
            alice => Expect(alice.Page.Locator("#notices > .notice[data-code='closed_1001']")).ToHaveCountAsync(1)); // its clock is paused: still shown
    }
}
