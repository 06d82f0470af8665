using System.Text.Json;
using System.Text.RegularExpressions;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>
/// The page tells messages apart by seq alone: a <c>clientMessageId</c> is visible to every member, so another member
/// sending one again must neither hide a message nor settle someone else's pending send.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
[Trait("Category", "Integration")]
public sealed class MessageIdentityPageTests(BrowserFixture fixture)
{
    private const string AlicesText = "Alice's message";
    private const string MallorysText = "Mallory's message, under Alice's clientMessageId";

    [Fact]
    public async Task Message_MalloryReusesAlicesClientMessageId_EveryPageShowsBothOnce()
    {
        var room = Unique.Room("reuse");
        await using var alice = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Alice", room);
        await using var bob = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Bob", room);
        await using var mallory = await ChatSocket.ConnectAsync(fixture.Host, "Mallory");
        await mallory.JoinAsync(room);

        await alice.SendAsync(AlicesText);
        var alicesId = (await mallory.ReceiveAsync("message", m => m.Text() == AlicesText)).StringOf("clientMessageId");
        Assert.NotNull(alicesId);
        await alice.ExpectMessageOnceAsync(AlicesText); // acknowledged: Alice's page has seen her id come back
        await mallory.SendMessageAsync(room, MallorysText, alicesId);

        foreach (var page in new[] { alice, bob })
        {
            await page.ExpectMessageOnceAsync(AlicesText);
            await page.ExpectMessageOnceAsync(MallorysText);
            await Expect(page.Messages.Locator(".message-text")).ToHaveTextAsync([AlicesText, MallorysText]);
        }

        await Expect(alice.Page.Locator("#messages > li.message.own .message-text")).ToHaveTextAsync([AlicesText]);
        await Expect(bob.Page.Locator("#messages > li.message.own")).ToHaveCountAsync(0);

        await using var carol = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Carol", room);
        await Expect(carol.Messages.Locator(".message-text")).ToHaveTextAsync([AlicesText, MallorysText]);
    }

    [Fact]
    public async Task LoadOlder_MalloryReusedAnOlderMessagesClientMessageId_ShowsTheOlderMessage()
    {
        const string AlicesId = "alice-1";
        const int FillerSenders = 3;
        const int FillerPerSender = 17; // with its ping and join, within one connection's burst of 20 frames
        var room = Unique.Room("reuse-older");
        await using (var alice = await ChatSocket.ConnectAsync(fixture.Host, "Alice"))
        {
            await alice.JoinAsync(room);
            await alice.SendMessageAsync(room, AlicesText, AlicesId);
        }

        // Enough messages in between that the join's latest 50 hold Mallory's message but not Alice's.
        for (var sender = 0; sender < FillerSenders; sender++)
        {
            await using var bob = await ChatSocket.ConnectAsync(fixture.Host, "Bob");
            await bob.JoinAsync(room);
            for (var i = 0; i < FillerPerSender; i++)
            {
                await bob.SendMessageAsync(room, $"filler {sender}.{i}");
            }
        }

        await using (var mallory = await ChatSocket.ConnectAsync(fixture.Host, "Mallory"))
        {
            await mallory.JoinAsync(room);
            await mallory.SendMessageAsync(room, MallorysText, AlicesId);
        }

        await using var carol = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Carol", room);
        await carol.ExpectMessageOnceAsync(MallorysText);
        await Expect(carol.MessagesWithText(AlicesText)).ToHaveCountAsync(0); // not in the latest page
        await carol.Page.Locator("#load-older").ScrollIntoViewIfNeededAsync(); // scrolling up to it loads the older page

        await carol.ExpectMessageOnceAsync(AlicesText);
        await Expect(carol.Messages).ToHaveCountAsync(1 + (FillerSenders * FillerPerSender) + 1);
        await Expect(carol.Messages.First.Locator(".message-text")).ToHaveTextAsync(AlicesText);
        await Expect(carol.Messages.Last.Locator(".message-text")).ToHaveTextAsync(MallorysText);
    }

    /// <summary>Today the server answers a resend to the sender alone; once it tells the whole room, the page must still show it once.</summary>
    [Fact]
    public async Task Resend_SameClientMessageIdByAnotherMember_PageShowsTheMessageOnce()
    {
        var room = Unique.Room("resend");
        await using var alice = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Alice", room);
        await using var dave = await ChatSocket.ConnectAsync(fixture.Host, "Dave");
        await dave.JoinAsync(room);

        var first = await dave.SendMessageAsync(room, "sent twice", "dave-1");
        await alice.ExpectMessageOnceAsync("sent twice");
        var again = await dave.SendMessageAsync(room, "sent twice", "dave-1");
        Assert.Equal(first.Seq(), again.Seq());
        await dave.SendMessageAsync(room, "after the resend");

        // A room's events reach each member in order, so a copy of the resend would have come before this one.
        await alice.ExpectMessageOnceAsync("after the resend");
        await Expect(alice.Messages.Locator(".message-text")).ToHaveTextAsync(["sent twice", "after the resend"]);
    }

    [Fact]
    public async Task Reconnect_AcknowledgementLost_CatchUpSettlesThePendingMessageOnceAsOwn()
    {
        var room = Unique.Room("lost-ack");
        await using var bob = await ChatSocket.ConnectAsync(fixture.Host, "Bob");
        await bob.JoinAsync(room);

        // The first socket drops just as the acknowledgement arrives; the next one rejoins on a new connection id.
        var sockets = 0;
        await using var alice = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Alice", room, context => RelayServerFramesAsync(context, page =>
        {
            var first = Interlocked.Increment(ref sockets) == 1;
            return (text, frame) =>
            {
                if (first && frame.Type() == "message" && frame.Text() == "lost ack")
                {
                    _ = page.CloseAsync();
                    return;
                }

                page.Send(text);
            };
        }));

        await alice.SendAsync("lost ack");
        await bob.ReceiveAsync("message", m => m.Text() == "lost ack");
        await alice.ExpectMessageOnceAsync("lost ack");
        Assert.Equal(2, Volatile.Read(ref sockets));
        await bob.SendMessageAsync(room, "after the reconnect");

        await alice.ExpectMessageOnceAsync("after the reconnect");
        await Expect(alice.Messages.Locator(".message-text")).ToHaveTextAsync(["lost ack", "after the reconnect"]);
        await Expect(alice.Page.Locator("#messages > li.message.own .message-text")).ToHaveTextAsync(["lost ack"]);
        await Expect(alice.Page.Locator("#messages > li.message.pending")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Message_SeqTheRoomHasArrivesAgain_IsIgnoredAndNothingMoves()
    {
        var room = Unique.Room("same-seq");
        await using var bob = await ChatSocket.ConnectAsync(fixture.Host, "Bob");
        await bob.JoinAsync(room);
        await bob.SendMessageAsync(room, "from history");

        // Between the server and the page, copy events as a server re-broadcasting resends would: the live message
        // again right after itself, and both earlier messages (one from the join's history) again before the last one.
        var earlier = new List<string>();
        await using var alice = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Alice", room, context => RelayServerFramesAsync(context, page => (text, frame) =>
        {
            if (frame.Type() == "joined" && frame.StringOf("room") == room)
            {
                earlier.AddRange(frame.Array("messages").Select(m => m.GetRawText()));
            }

            if (frame.Type() == "message" && frame.Text() == "last")
            {
                earlier.ForEach(page.Send);
            }

            page.Send(text);
            if (frame.Type() == "message" && frame.Text() == "live")
            {
                earlier.Add(text);
                page.Send(text);
            }
        }));

        await alice.ExpectMessageOnceAsync("from history");
        await bob.SendMessageAsync(room, "live");
        await alice.ExpectMessageOnceAsync("live");
        await bob.SendMessageAsync(room, "last");
        await alice.ExpectMessageOnceAsync("last");

        await Expect(alice.Messages.Locator(".message-text")).ToHaveTextAsync(["from history", "live", "last"]);
        Assert.Equal(2, earlier.Count);
    }

    /// <summary>Puts the test between the page's sockets and the server: every server frame goes to a handler, which sends the page what it should see.</summary>
    /// <param name="context">The page's browser context, before the page loads.</param>
    /// <param name="forSocket">Makes the handler of one socket's frames (the raw text and its JSON), given the page's side of that socket.</param>
    private static Task RelayServerFramesAsync(IBrowserContext context, Func<IWebSocketRoute, Action<string, JsonElement>> forSocket) =>
        context.RouteWebSocketAsync(new Regex(@"/ws\?"), page =>
        {
            var handle = forSocket(page);
            page.ConnectToServer().OnMessage(frame =>
            {
                var text = frame.Text ?? throw new InvalidOperationException("The server sent a binary frame.");
                using var document = JsonDocument.Parse(text);
                handle(text, document.RootElement);
            });
        });
}
