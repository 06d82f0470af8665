using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ChatRoom.Internal;
using CsCheck;

namespace ChatRoom.Core.Tests;

/// <summary>Frames carry text as UTF-8 and escape only what JSON requires.</summary>
public sealed class MinimalJsonEncoderTests
{
    [Fact]
    public async Task SendMessage_HundredChineseCharacters_AcknowledgementIsAboutFiveHundredBytes()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var text = string.Concat(Enumerable.Repeat("你好世界", 25));

        var ack = await alice.SayAsync("general", text, "c-1");

        // 300 bytes of text plus about 200 of envelope; as \uXXXX escapes the text alone took 600.
        var size = Encoding.UTF8.GetByteCount(ack.GetRawText());
        Assert.InRange(size, 300, 550);
        Assert.Contains(text, ack.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(text, Frames.String(ack, "text"));
    }

    [Theory]
    [InlineData("山田 José Zoë", "\"山田 José Zoë\"")]
    [InlineData("😀 🇫🇷", "\"😀 🇫🇷\"")]
    [InlineData("<script>&'+`", "\"<script>&'+`\"")]
    [InlineData("quote \" backslash \\", "\"quote \\\" backslash \\\\\"")]
    [InlineData("line\nfeed\ttab\rreturn", "\"line\\nfeed\\ttab\\rreturn\"")]
    [InlineData("bell \u0007 escape \u001b nul \u0000", "\"bell \\u0007 escape \\u001b nul \\u0000\"")]
    [InlineData("\u2028\u2029\u007f\u0085\ufeff", "\"\u2028\u2029\u007f\u0085\ufeff\"")]
    public void Message_Text_IsEscapedOnlyWhereJsonRequires(string text, string expectedJson)
    {
        var frame = FrameSerializer.Message(new ChatMessage
        {
            Room = "r",
            Seq = 1,
            Id = "id",
            Sender = new ChatMember { ConnectionId = "c", Name = "n", UserId = "u" },
            Text = text,
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = null,
        });
        var json = Encoding.UTF8.GetString(frame);

        Assert.Contains("\"text\":" + expectedJson + ",", json, StringComparison.Ordinal);
        Assert.Equal(text, JsonDocument.Parse(frame).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Message_LoneSurrogate_IsReplacedSoTheFrameStaysValidUtf8()
    {
        var frame = FrameSerializer.Message(new ChatMessage
        {
            Room = "r",
            Seq = 1,
            Id = "id",
            Sender = new ChatMember { ConnectionId = "c", Name = "n", UserId = "u" },
            Text = "a\ud800b",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = null,
        });

        Assert.True(Utf8.IsValid(frame));
        Assert.Equal("a\ufffdb", JsonDocument.Parse(frame).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Frames_AnyWellFormedText_AreValidUtf8WithoutControlBytesAndReadBackEqual()
    {
        // Well-formed UTF-16 (surrogates only in pairs), from every plane, with the characters JSON must escape mixed in.
        var scalar = Gen.OneOf(Gen.Int[0, 0x7F], Gen.Int[0x80, 0xD7FF], Gen.Int[0xE000, 0xFFFF], Gen.Int[0x10000, 0x10FFFF]);
        var text = scalar.Array[1, 200].Select(scalars => string.Concat(scalars.Select(char.ConvertFromUtf32)));

        text.Sample(value =>
        {
            var message = FrameSerializer.Message(new ChatMessage
            {
                Room = "r",
                Seq = 1,
                Id = "id",
                Sender = new ChatMember { ConnectionId = "c", Name = value, UserId = "u" },
                Text = value,
                SentAt = DateTimeOffset.UnixEpoch,
                ClientMessageId = value,
            });
            var presence = FrameSerializer.Presence("r", "joined", new ChatMember { ConnectionId = "c", Name = value, UserId = "u" });
            var error = FrameSerializer.Error(new ChatError(ChatErrorCodes.BadRequest, value), value, value);

            Assert.Equal(value, ReadBack(message, "text"));
            Assert.Equal(value, ReadBack(message, "clientMessageId"));
            Assert.Equal(value, ReadBack(message, "sender", "name"));
            Assert.Equal(value, ReadBack(presence, "member", "name"));
            Assert.Equal(value, ReadBack(error, "message"));
            Assert.Equal(value, ReadBack(error, "action"));
        }, iter: 300);
    }

    /// <summary>Checks a frame is valid UTF-8 with every control character escaped, and reads one string back out of it.</summary>
    private static string? ReadBack(byte[] frame, params string[] path)
    {
        Assert.True(Utf8.IsValid(frame));
        Assert.DoesNotContain(frame, b => b < 0x20);
        var element = JsonDocument.Parse(frame).RootElement;
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }

        return element.GetString();
    }

    [Fact]
    public void SizeOf_Member_IsTheBytesItTakesInAFrame()
    {
        var member = new ChatMember { ConnectionId = "conn-1", Name = "名前 \"quoted\"", UserId = "u", IsAuthenticated = true };

        var alone = FrameSerializer.SizeOf(member);
        var members = FrameSerializer.Members(new MembersEvent("r", [member, member], HasMore: false));
        var empty = FrameSerializer.Members(new MembersEvent("r", [], HasMore: false));

        Assert.Equal(empty.Length + (2 * alone) + 1, members.Length);
    }
}
