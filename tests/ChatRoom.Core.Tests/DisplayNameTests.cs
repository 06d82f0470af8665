using System.Text.RegularExpressions;

namespace ChatRoom.Core.Tests;

/// <summary>Display names from the <c>name</c> query parameter: trimmed, 1–32 characters, no control characters; otherwise a guest name.</summary>
public sealed partial class DisplayNameTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("  Ada Lovelace  ", "Ada Lovelace")]
    [InlineData("\tbob\n", "bob")]
    [InlineData("名前 😀", "名前 😀")]
    [InlineData("x", "x")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("   abcdefghijklmnopqrstuvwxyz012345   ", "abcdefghijklmnopqrstuvwxyz012345")]
    public async Task Connect_ValidName_IsUsedTrimmed(string requested, string expected)
    {
        await using var host = ChatTestHost.Create();
        var observer = await host.ConnectAsync("observer");

        var subject = await host.ConnectAsync(requested);

        Frames.AssertPresence(await observer.ExpectAsync("presence"), "general", "joined", subject.ConnectionId, expected);
        Frames.AssertMember((await subject.JoinAsync("lobby")).GetProperty("you"), subject.ConnectionId, expected);
        Frames.AssertMessage(await subject.SayAsync("lobby", "hi"), "lobby", subject.ConnectionId, expected, "hi");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("     ")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("bell\u0007")]
    [InlineData("two\nlines")]
    [InlineData("nul\u0000")]
    public async Task Connect_MissingOrInvalidName_GetsGuestName(string? requested)
    {
        await using var host = ChatTestHost.Create();
        var observer = await host.ConnectAsync("observer");

        var subject = await host.ConnectAsync(requested);

        var presence = await observer.ExpectAsync("presence");
        var name = Frames.String(presence.GetProperty("member"), "name");
        Assert.Matches(GuestName(), name);
        Frames.AssertMember((await subject.JoinAsync("lobby")).GetProperty("you"), subject.ConnectionId, name);
    }

    [Fact]
    public async Task Connect_OtherQueryParametersOnly_GetsGuestName()
    {
        await using var host = ChatTestHost.Create();

        var subject = await host.ConnectAsync(ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["room"] = "x", ["Name"] = "wrong-case" }));

        Assert.Matches(GuestName(), Frames.String((await subject.JoinAsync("lobby")).GetProperty("you"), "name"));
    }

    [GeneratedRegex("^guest-[a-z2-9]{4}$")]
    private static partial Regex GuestName();
}
