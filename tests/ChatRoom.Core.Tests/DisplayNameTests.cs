using System.Globalization;
using System.Text.RegularExpressions;
using ChatRoom.Internal;

namespace ChatRoom.Core.Tests;

/// <summary>
/// Display names from the <c>name</c> query parameter: trimmed, 1–32 characters with something visible, no control,
/// format, separator or invisible filler characters; otherwise a guest name.
/// </summary>
public sealed partial class DisplayNameTests
{
    /// <summary>Code points that draw nothing and are not format characters, and tag characters (U+E0000–U+E0FFF).</summary>
    private static readonly int[] Invisible =
    [
        0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E, 0x180F, 0x2065, 0x2800, 0x3164, 0xFFA0,
        0xFFF0, 0xFFF8, 0x1D159, 0xE0000, 0xE0001, 0xE0020, 0xE0041, 0xE007F, 0xE0080, 0xE00FF, 0xE01F0, 0xE0FFF,
    ];

    /// <summary>Ways to use an invisible character <c>{0}</c>: alone, repeated, padded, beside a real name.</summary>
    private static readonly string[] InvisibleForms = ["{0}", "{0}{0}{0}", "  {0}  ", "{0} {0}", "alice{0}", "{0}alice", "al{0}ice", "alice {0}"];

    public static TheoryData<int, string> InvisibleInEveryForm
    {
        get
        {
            var data = new TheoryData<int, string>();
            foreach (var codePoint in Invisible)
            {
                foreach (var form in InvisibleForms)
                {
                    data.Add(codePoint, form);
                }
            }

            return data;
        }
    }

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
    [InlineData("❤️", "❤️")]
    [InlineData(" 山田 ", "山田")]
    [InlineData("José", "José")]
    [InlineData("O'Brien", "O'Brien")]
    [InlineData("alice_01", "alice_01")]
    [InlineData("葛󠄀", "葛󠄀")]
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
    [InlineData("ㅤ")]
    [InlineData("aliceㅤ")]
    [InlineData("⠀ ⠀")]
    [InlineData("́́")]
    [InlineData("️")]
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

    [Theory]
    [MemberData(nameof(InvisibleInEveryForm))]
    public void FromRequest_InvisibleCharacter_GetsGuestName(int codePoint, string form)
    {
        var requested = string.Format(CultureInfo.InvariantCulture, form, char.ConvertFromUtf32(codePoint));

        var chosen = DisplayName.FromRequest(requested);

        Assert.False(DisplayName.IsValid(requested.Trim()));
        Assert.Matches(GuestName(), chosen);
    }

    [Theory]
    [InlineData("❤️")] // ❤️: the emoji presentation of a text symbol
    [InlineData("❤︎")]
    [InlineData("1️⃣")] // keycap 1️⃣
    [InlineData("👍🏽")] // 👍🏽, skin tone
    [InlineData("🇫🇷")] // 🇫🇷
    [InlineData("☕️ tea")]
    [InlineData("葛󠄀")] // 葛 with an ideographic variation selector
    [InlineData("辻󠄁")]
    [InlineData("山田")]
    [InlineData("José")]
    [InlineData("José")] // é as e + combining acute
    [InlineData("Zoë")]
    [InlineData("O'Brien")]
    [InlineData("alice_01")]
    [InlineData("#")]
    [InlineData("½")]
    [InlineData("ℹ️")]
    public void IsValid_VisibleNameWithMarksOrVariationSelectors_True(string name)
    {
        Assert.True(DisplayName.IsValid(name));
    }

    [Theory]
    [InlineData("́")] // only a combining mark
    [InlineData("́̂̃")]
    [InlineData("⃣")]
    [InlineData("️")] // only variation selectors
    [InlineData("️️")]
    [InlineData("󠄀")]
    [InlineData("️alice")] // a selector with no character before it
    [InlineData("a ️")] // after a space
    [InlineData("❤️️")] // two after one character
    [InlineData("é️")] // after a mark
    [InlineData("ㅤ️")] // after a filler
    [InlineData(" aㅤ")]
    [InlineData("")] // private use only: nothing that is surely visible
    public void IsValid_NothingVisibleOrSelectorNotAfterAVisibleCharacter_False(string name)
    {
        Assert.False(DisplayName.IsValid(name));
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
