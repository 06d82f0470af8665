using System.Text.RegularExpressions;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>The sample's page in its own browser context (own storage), signed in and in one room.</summary>
/// <remarks>Uses only the stable hooks documented at the top of <c>wwwroot/index.html</c> and <c>app.js</c>.</remarks>
public sealed class ChatPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _dialogs = [];

    private ChatPage(IBrowserContext context, IPage page, string name, string room)
    {
        _context = context;
        Page = page;
        Name = name;
        Room = room;
        page.Dialog += (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    public string Name { get; }

    public string Room { get; }

    /// <summary>Gets the dialogs (alert, confirm, prompt) the page opened; an injected script would open one.</summary>
    public IReadOnlyList<string> Dialogs
    {
        get
        {
            lock (_dialogs)
            {
                return [.. _dialogs];
            }
        }
    }

    public ILocator ConnectionState => Page.Locator("#connection-state");

    public ILocator Messages => Page.Locator("#messages > li.message");

    public ILocator Members => Page.Locator("#members > li.member");

    /// <summary>Gets the messages whose text is exactly <paramref name="text"/>, confirmed or not.</summary>
    public ILocator MessagesWithText(string text) =>
        Messages.Filter(new() { Has = Page.Locator(".message-text").GetByText(text, new() { Exact = true }) });

    /// <summary>Opens <c>/?name=…&amp;room=…</c>, which signs in and joins the room, and waits until the room is joined.</summary>
    /// <param name="browser">The browser.</param>
    /// <param name="host">The app whose page to open.</param>
    /// <param name="name">The display name.</param>
    /// <param name="room">The room.</param>
    /// <param name="beforeLoad">Runs on the new context before the page loads, e.g. to install a fake clock.</param>
    public static async Task<ChatPage> OpenAsync(IBrowser browser, IChatHost host, string name, string room, Func<IBrowserContext, Task>? beforeLoad = null)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1100, Height = 680 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        if (beforeLoad is not null)
        {
            await beforeLoad(context);
        }

        var page = await context.NewPageAsync();
        var chat = new ChatPage(context, page, name, room);
        await page.GotoAsync($"/?name={Uri.EscapeDataString(name)}&room={Uri.EscapeDataString(room)}");
        await chat.WaitUntilJoinedAsync();
        return chat;
    }

    /// <summary>Waits for "online" and for the joined room's member list, which includes this page as "(you)".</summary>
    public async Task WaitUntilJoinedAsync()
    {
        await Expect(ConnectionState).ToHaveAttributeAsync("data-state", "online");
        await Expect(Page.Locator($"#rooms > .room[data-room='{Room}']")).Not.ToHaveClassAsync(new Regex(@"\bjoining\b"));
        await Expect(Members.And(Page.Locator(".me"))).ToHaveCountAsync(1);
    }

    /// <summary>Types a message into the composer and presses Enter.</summary>
    public async Task SendAsync(string text)
    {
        var composer = Page.Locator("#composer");
        await composer.FillAsync(text);
        await composer.PressAsync("Enter");
    }

    /// <summary>Waits until the message is shown exactly once and confirmed by the server (it has a seq).</summary>
    public async Task ExpectMessageOnceAsync(string text)
    {
        var matching = MessagesWithText(text);
        await Expect(matching).ToHaveCountAsync(1);
        await Expect(matching).ToHaveAttributeAsync("data-seq", new Regex(@"^\d+$"));
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
