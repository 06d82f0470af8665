using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>
/// Anonymous clients choose their names, so they can take a signed-in user's: the page marks the names the server
/// marks <c>verified</c> (signed in with a token) and no others.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
[Trait("Category", "Integration")]
public sealed class VerifiedNamePageTests(BrowserFixture fixture)
{
    private const string SignedInText = "the signed-in Alice";
    private const string AnonymousText = "an anonymous Alice";

    [Fact]
    public async Task Names_SignedInAliceAndAnAnonymousAlice_OnlyTheSignedInOneIsMarked()
    {
        var room = Unique.Room("verified");
        await using var host = await SampleHost.StartAsync(
        [
            $"--ChatRoom:Jwt:SigningKey={TokenHostFixture.SigningKey}",
            $"--ChatRoom:Jwt:Issuer={TokenHostFixture.Issuer}",
            "--ChatRoom:Jwt:AllowAnonymous=true",
        ]);
        await using var carol = await ChatPage.OpenAsync(fixture.Browser, host, "Carol", room);

        var token = TokenHostFixture.Token(Unique.Name("u"), "Alice");
        await using var alice = await ChatSocket.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}/ws?access_token={Uri.EscapeDataString(token)}"), "Alice (signed in)");
        var aliceId = (await alice.JoinAsync(room)).GetProperty("you").StringOf("connectionId");
        await alice.SendMessageAsync(room, SignedInText);
        await using var impostor = await ChatSocket.ConnectAsync(host, "Alice");
        var impostorId = (await impostor.JoinAsync(room)).GetProperty("you").StringOf("connectionId");
        await impostor.SendMessageAsync(room, AnonymousText);

        // Carol saw them join and write; Dan gets the members and messages with his join.
        await ExpectOnlySignedInAliceMarkedAsync(carol, aliceId, impostorId);
        await using var dan = await ChatPage.OpenAsync(fixture.Browser, host, "Dan", room);
        await ExpectOnlySignedInAliceMarkedAsync(dan, aliceId, impostorId);
    }

    private static async Task ExpectOnlySignedInAliceMarkedAsync(ChatPage page, string? aliceId, string? impostorId)
    {
        await page.ExpectMessageOnceAsync(SignedInText);
        await page.ExpectMessageOnceAsync(AnonymousText);
        await Expect(page.Messages.Locator(".message-sender")).ToHaveTextAsync(["Alice", "Alice"]);
        await Expect(SignedInMark(page.MessagesWithText(SignedInText))).ToHaveCountAsync(1);
        await Expect(SignedInMark(page.MessagesWithText(SignedInText))).ToHaveAttributeAsync("title", "Signed in");
        await Expect(SignedInMark(page.MessagesWithText(AnonymousText))).ToHaveCountAsync(0);

        var signedIn = page.Members.And(page.Page.Locator($"[data-connection-id='{aliceId}']"));
        var anonymous = page.Members.And(page.Page.Locator($"[data-connection-id='{impostorId}']"));
        await Expect(signedIn.Locator(".member-name")).ToHaveTextAsync("Alice");
        await Expect(anonymous.Locator(".member-name")).ToHaveTextAsync("Alice");
        await Expect(SignedInMark(signedIn)).ToHaveCountAsync(1);
        await Expect(SignedInMark(page.Members)).ToHaveCountAsync(1); // not the impostor, not the page's own anonymous name
    }

    private static ILocator SignedInMark(ILocator scope) => scope.GetByRole(AriaRole.Img, new() { Name = "Signed in", Exact = true });
}
