using System.Text.RegularExpressions;

namespace ChatRoom.Core.Tests;

/// <summary>Display names from the <c>name</c> query parameter: trimmed, 1–32 characters, no control, format or separator characters; otherwise a guest name.</summary>
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
    [InlineData("<script>alert(1)</script>", "<script>alert(1)</script>")]
    [InlineData("שלום", "שלום")]
    [InlineData("مرحبا", "مرحبا")]
    [InlineData("Zoë Ångström", "Zoë Ångström")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")]
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
    [InlineData("esc\u001B[31m")]
    [InlineData("del\u007F")]
    [InlineData("c1\u0085control")]
    [InlineData("\u202Eecila")]
    [InlineData("alice\u202E")]
    [InlineData("a\u202Dlice")]
    [InlineData("a\u2066lice\u2069")]
    [InlineData("a\u200Flice")]
    [InlineData("ali\u200Bce")]
    [InlineData("ali\u200Dce")]
    [InlineData("\u200B")]
    [InlineData("\uFEFFalice")]
    [InlineData("ali\u00ADce")]
    [InlineData("ali\u2060ce")]
    [InlineData("alice\U000E0041")]
    [InlineData("two\u2028lines")]
    [InlineData("two\u2029paragraphs")]
    [InlineData("\u00A0\u3000\u2003")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀x")]
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

    [Theory]
    [InlineData(0xD800, "lone")]
    [InlineData(0xDC00, "lone")]
    [InlineData(0xDBFF, "")]
    public async Task Connect_NameWithLoneSurrogate_GetsGuestName(int surrogate, string prefix)
    {
        // Built here: a lone surrogate does not survive the test runner's serialisation of theory data.
        await using var host = ChatTestHost.Create();

        var subject = await host.ConnectAsync(prefix + (char)surrogate + "x");

        Assert.Matches(GuestName(), Frames.String((await subject.JoinAsync("lobby")).GetProperty("you"), "name"));
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
