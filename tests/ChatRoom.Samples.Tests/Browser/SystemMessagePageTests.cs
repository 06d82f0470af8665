using System.Text.RegularExpressions;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>
/// Messages the application sends through <see cref="IChatRoomService"/>: the page shows a system message apart (italic,
/// never marked signed in) and one sent as a user like any verified member's.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
[Trait("Category", "Integration")]
public sealed class SystemMessagePageTests(BrowserFixture fixture)
{
    private const string SystemText = "Maintenance at 18:00.";
    private const string UserText = "Sent by the backend as Carol.";

    [Fact]
    public async Task ServerMessages_SystemAndAsUser_OnlyTheSystemOneIsShownAsSystemAndUnmarked()
    {
        var room = Unique.Room("system");
        await using var page = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Dan", room);
        var service = fixture.Host.Services.GetRequiredService<IChatRoomService>();

        await service.SendMessageAsync(new ServerMessage { Room = room, Text = SystemText, SenderName = "Ops" });
        await service.SendMessageAsync(new ServerMessage { Room = room, Text = UserText, UserId = Unique.Name("u"), SenderName = "Carol" });

        await page.ExpectMessageOnceAsync(SystemText);
        await page.ExpectMessageOnceAsync(UserText);
        var system = page.MessagesWithText(SystemText);
        var user = page.MessagesWithText(UserText);
        await Expect(system).ToHaveClassAsync(new Regex(@"\bsystem\b"));
        await Expect(system.Locator(".message-sender")).ToHaveTextAsync("Ops");
        await Expect(system.Locator(".message-text")).ToHaveCSSAsync("font-style", "italic");
        await Expect(SignedInMark(system)).ToHaveCountAsync(0);
        await Expect(user).Not.ToHaveClassAsync(new Regex(@"\bsystem\b"));
        await Expect(user.Locator(".message-text")).ToHaveCSSAsync("font-style", "normal");
        await Expect(SignedInMark(user)).ToHaveCountAsync(1);
    }

    private static ILocator SignedInMark(ILocator scope) => scope.GetByRole(AriaRole.Img, new() { Name = "Signed in", Exact = true });
}
